package io.podctl.controller.bootstrap;

import io.podctl.config.ConfigDiff;
import io.podctl.config.ConfigReloader;
import io.podctl.config.LoadResult;
import io.podctl.config.PodConfig;
import io.podctl.config.ReloadResult;
import io.podctl.controller.commands.CommandIntake;
import io.podctl.controller.loop.ControlLoop;
import io.podctl.controller.loop.LoopStats;
import io.podctl.controller.safety.EngineSpec;
import io.podctl.controller.safety.Severity;
import io.podctl.sensors.SampleBoard;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reloads the configuration file of a running controller (SIGHUP, the {@code reload} command). The file is re-read
 * and validated completely off the loop thread; when every change is one {@link ConfigDiff} classifies as live, the
 * new settings are applied between two loop cycles, each through its own way into the running controller
 * ({@link #TARGETS}). Otherwise nothing is applied, the running configuration stays, and the alarm
 * {@value #ALARM_ID} says why. A {@code CONFIG} event reports every outcome, naming what was applied and what only
 * changed in the file.
 *
 * <p>A setting classified live that has no way in here is treated as needing a restart: a reload never reports as
 * applied what it did not apply.
 *
 * <p>Threading: {@link #request} from any thread; the file is read on this class's own daemon thread
 * {@code config-reload}; changes are applied on the loop thread.
 */
final class LiveReload implements AutoCloseable {
    /** The controller alarm raised while a reload was refused or needs a restart. */
    static final String ALARM_ID = "controller.config";

    private static final Logger log = LoggerFactory.getLogger(LiveReload.class);

    /** Where a live setting goes in the running controller. */
    enum Target {
        /** The protections' levels, hysteresis, delays and descriptions: the engine's specs, latches and timers kept. */
        PROTECTIONS,
        /** Who may issue which command class: the command intake, for the next message. */
        AUTHORIZATION,
        /** How often the state is re-published without a change: the loop. */
        STATE_INTERVAL,
        /** How often loop overruns are reported, and when their alarm clears: the loop's statistics. */
        OVERRUN_REPORT_INTERVAL,
        /**
         * Read by nothing that runs (descriptions of the pod, devices and pins; a load-time warning switch): the
         * new file is the running configuration, with no run-time effect.
         */
        FILE_ONLY
    }

    /** Each setting {@link ConfigDiff#liveSettings()} names, and where it goes. */
    static final Map<String, Target> TARGETS = Map.ofEntries(
            Map.entry("protections.warning", Target.PROTECTIONS),
            Map.entry("protections.alarm", Target.PROTECTIONS),
            Map.entry("protections.trip", Target.PROTECTIONS),
            Map.entry("protections.hysteresis", Target.PROTECTIONS),
            Map.entry("protections.delay", Target.PROTECTIONS),
            Map.entry("protections.clearDelay", Target.PROTECTIONS),
            Map.entry("protections.description", Target.PROTECTIONS),
            Map.entry("authorization", Target.AUTHORIZATION),
            Map.entry("mqtt.stateInterval", Target.STATE_INTERVAL),
            Map.entry("loop.overrunLogInterval", Target.OVERRUN_REPORT_INTERVAL),
            Map.entry("pod.description", Target.FILE_ONLY),
            Map.entry("devices.description", Target.FILE_ONLY),
            Map.entry("devices.highAddressesAreWire", Target.FILE_ONLY),
            Map.entry("gpio.inputs.description", Target.FILE_ONLY),
            Map.entry("gpio.outputs.description", Target.FILE_ONLY));

    /**
     * The running controller a reload changes.
     *
     * @param loop       the loop (its engine, its state interval; changes are applied between its cycles)
     * @param intake     the command intake (authorization)
     * @param stats      the loop's statistics (the overrun report interval)
     * @param board      the sample board the protections are compiled against
     * @param configHash told the new file's SHA-256 once it runs (the status topic); loop thread, must hand off
     * @param stateInterval told a new state interval (the status topic carries it); loop thread, must hand off
     */
    record Controller(ControlLoop loop, CommandIntake intake, LoopStats stats, SampleBoard board,
                      Consumer<String> configHash, Consumer<Duration> stateInterval) {
    }

    private final Path file;
    private final Controller controller;
    private volatile LoadResult.Valid current;
    private final ExecutorService reader = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "config-reload");
        t.setDaemon(true);
        return t;
    });
    private final AtomicBoolean pending = new AtomicBoolean();

    /**
     * @param file    the configuration file, or null for a controller started from a bundled configuration
     * @param current what {@code file} held when the controller started, or null
     */
    LiveReload(Path file, LoadResult.Valid current, Controller controller) {
        this.file = file;
        this.current = current;
        this.controller = controller;
    }

    /** Reads the file again on the reload thread; a request while one is being read is merged into it. */
    void request(String trigger) {
        if (pending.compareAndSet(false, true)) {
            reader.execute(() -> {
                pending.set(false);
                reload(trigger);
            });
        }
    }

    /** The configuration running now: the last one applied. Any thread. */
    LoadResult.Valid current() {
        return current;
    }

    /**
     * Reads and judges the file on the calling thread and hands the outcome to the loop, which applies it at the
     * start of its next cycle. The reload thread; tests call it directly.
     */
    void reload(String trigger) {
        ControlLoop loop = controller.loop();
        if (file == null || current == null) {
            loop.runBetweenCycles(() -> loop.event("CONFIG", "config", "warning",
                    "reload (" + trigger + ") ignored: this controller was started from a bundled configuration"));
            return;
        }
        ReloadResult result = new ConfigReloader().reload(current, file);
        switch (result) {
            case ReloadResult.Rejected r -> {
                log.error("configuration reload ({}) refused, keeping the running one: {}", trigger, r.reason());
                refuse(Severity.ALARM, "reload of " + file + " refused, running the previous configuration: "
                        + r.reason(), "alarm", "reload (" + trigger + ") refused: " + r.reason());
            }
            case ReloadResult.Accepted a when a.diff().isEmpty() -> loop.runBetweenCycles(() -> {
                loop.changeControllerAlarm(e -> e.clearSystemAlarm(ALARM_ID));
                loop.event("CONFIG", "config", "info", "reload (" + trigger + "): nothing changed");
            });
            case ReloadResult.Accepted a when a.diff().needsRestart() -> restart(trigger, a.diff().restartChanges().size()
                    + " change(s) need a restart, running the previous configuration: " + a.diff().summary());
            case ReloadResult.Accepted a -> {
                List<String> noWayIn = settingsWithoutTarget(a.diff());
                if (!noWayIn.isEmpty()) {
                    restart(trigger, "this controller cannot apply " + String.join(", ", noWayIn)
                            + " while running, running the previous configuration: " + a.diff().summary());
                    return;
                }
                EngineSpec spec = SafetyCompiler.compile(a.loaded().config(), controller.board());
                loop.runBetweenCycles(() -> apply(a, spec, trigger));
            }
        }
    }

    /** The settings of a hot diff that have no way into the running controller (none, while {@link #TARGETS} is complete). */
    static List<String> settingsWithoutTarget(ConfigDiff diff) {
        List<String> out = new ArrayList<>();
        for (ConfigDiff.Change c : diff.changes()) {
            for (String setting : c.settings()) {
                if (!TARGETS.containsKey(setting) && !out.contains(setting)) {
                    out.add(setting);
                }
            }
        }
        return out;
    }

    /** Loop thread, between two cycles: everything or nothing. */
    private void apply(ReloadResult.Accepted a, EngineSpec spec, String trigger) {
        ControlLoop loop = controller.loop();
        PodConfig next = a.loaded().config();
        List<Target> targets = a.diff().changes().stream().flatMap(c -> c.settings().stream()).map(TARGETS::get)
                .distinct().toList();
        if (targets.contains(Target.PROTECTIONS)) {
            String refused = loop.engine().replaceLevels(spec);
            if (!refused.isEmpty()) {
                String why = "reload (" + trigger + ") needs a restart, running the previous configuration: " + refused;
                loop.changeControllerAlarm(e -> e.raiseSystemAlarm(ALARM_ID, "configuration", Severity.WARNING, why));
                loop.event("CONFIG", "config", "warning", why);
                return;
            }
        }
        if (targets.contains(Target.AUTHORIZATION)) {
            controller.intake().setAuthorization(PodRuntime.authorization(next));
        }
        if (targets.contains(Target.STATE_INTERVAL)) {
            loop.setStateInterval(next.mqtt().stateInterval());
            controller.stateInterval().accept(next.mqtt().stateInterval());
        }
        if (targets.contains(Target.OVERRUN_REPORT_INTERVAL)) {
            controller.stats().setOverrunReportInterval(next.loop().overrunLogInterval().toNanos());
        }
        current = a.loaded();
        controller.configHash().accept(a.loaded().sha256());
        loop.changeControllerAlarm(e -> e.clearSystemAlarm(ALARM_ID));
        String report = report(a.diff());
        loop.event("CONFIG", "config", "info", "configuration reloaded (" + trigger + "), sha256 "
                + a.loaded().sha256() + ": " + report);
        log.info("configuration reloaded ({}): {}", trigger, report);
    }

    /**
     * What a reload did, e.g. {@code applied protections 'cdu.supplyTemp.high' (alarm), mqtt (stateInterval);
     * in the file only, no run-time effect: devices 'cdu' (description)}.
     */
    static String report(ConfigDiff diff) {
        List<String> applied = new ArrayList<>();
        List<String> fileOnly = new ArrayList<>();
        for (ConfigDiff.Change c : diff.changes()) {
            List<String> live = new ArrayList<>();
            List<String> inert = new ArrayList<>();
            for (String field : c.fields()) {
                (TARGETS.get(c.setting(field)) == Target.FILE_ONLY ? inert : live).add(field);
            }
            String item = c.section() + (c.id() == null ? "" : " '" + c.id() + "'");
            if (!live.isEmpty()) {
                applied.add(item + " (" + String.join(", ", live) + ")");
            }
            if (!inert.isEmpty()) {
                fileOnly.add(item + " (" + String.join(", ", inert) + ")");
            }
        }
        String out = applied.isEmpty() ? "" : "applied " + String.join(", ", applied);
        if (!fileOnly.isEmpty()) {
            out += (out.isEmpty() ? "" : "; ") + "in the file only, no run-time effect: " + String.join(", ", fileOnly);
        }
        return out;
    }

    private void restart(String trigger, String reason) {
        String why = "reload (" + trigger + "): " + reason;
        log.warn(why);
        refuse(Severity.WARNING, why, "warning", why);
    }

    private void refuse(Severity severity, String alarmText, String eventSeverity, String eventText) {
        ControlLoop loop = controller.loop();
        loop.runBetweenCycles(() -> {
            loop.changeControllerAlarm(e -> e.raiseSystemAlarm(ALARM_ID, "configuration", severity, alarmText));
            loop.event("CONFIG", "config", eventSeverity, eventText);
        });
    }

    /** Stops the reload thread (a reload being read is abandoned). */
    @Override
    public void close() {
        reader.shutdownNow();
    }
}
