package io.podctl.controller.loop;

import io.podctl.controller.safety.SafetyEngine;
import io.podctl.controller.safety.Severity;
import io.podctl.sensors.SuspectValues;
import io.podctl.sensors.SuspectValues.Kind;
import io.podctl.sensors.SuspectValues.Suspect;
import java.util.HashSet;
import java.util.Set;

/**
 * Controller alarms for the readings the pollers do not believe ({@link SuspectValues}): the sample itself is
 * already bad data (its protections act on it), and the alarm tells people why, so that a register map off by one
 * or a meter that restarted is seen and fixed, not left as a silent quality.
 *
 * <ul>
 *   <li>{@code point.<id>.implausible} (alarm): a float no instrument of its unit produces, the sign of an address
 *       off by one or the wrong word order;</li>
 *   <li>{@code point.<id>.counter} (warning): a counter that went backwards.</li>
 * </ul>
 *
 * <p>Each is raised while its suspect lasts and cleared when the poller clears it. Threading: loop thread only.
 */
final class SuspectValueAlarms {
    private final SuspectValues suspects;
    private final SafetyEngine engine;
    private final Set<String> raised = new HashSet<>();
    private long lastChange = -1;

    SuspectValueAlarms(SuspectValues suspects, SafetyEngine engine) {
        this.suspects = suspects;
        this.engine = engine;
    }

    /** The alarm id raised for a suspect reading of {@code pointId}. */
    static String alarmId(String pointId, Kind kind) {
        return "point." + pointId + "." + kind.suffix();
    }

    /** Raises and clears alarms to match the suspects, when they changed. Allocation-free when nothing changed. */
    void update() {
        long change = suspects.changeCount();
        if (change == lastChange) {
            return;
        }
        lastChange = change;
        Set<String> now = new HashSet<>();
        for (Suspect s : suspects.all()) {
            String id = alarmId(s.pointId(), s.kind());
            now.add(id);
            boolean implausible = s.kind() == Kind.IMPLAUSIBLE;
            engine.raiseSystemAlarm(id, (implausible ? "implausible reading of " : "counter ") + s.pointId(),
                    implausible ? Severity.ALARM : Severity.WARNING, s.detail());
        }
        for (String id : raised) {
            if (!now.contains(id)) {
                engine.clearSystemAlarm(id);
            }
        }
        raised.clear();
        raised.addAll(now);
    }
}
