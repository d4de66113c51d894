package io.podctl.controller.state;

import io.podctl.controller.commands.CommandReply;
import io.podctl.controller.events.PodEvent;
import io.podctl.controller.safety.AlarmView;
import io.podctl.controller.safety.SafetyMemory;
import io.podctl.sensors.Snapshot;
import java.util.List;

/**
 * Receives what the loop produces: the MQTT publisher, the terminal status view, tests.
 *
 * <p>Threading: every method is called on the loop thread (replies to refused commands also on the MQTT
 * thread) and must return at once: copy and hand off, never block or do I/O.
 */
public interface PodObserver {

    /** The state changed, or the periodic refresh is due. */
    default void onState(PodStateView state) {
    }

    /** Alarms changed (all alarms, NORMAL ones included, so that retained alarm topics return to NORMAL). */
    default void onAlarms(List<AlarmView> alarms) {
    }

    /** A new event, in sequence order. */
    default void onEvent(PodEvent event) {
    }

    /** The reply to a command. */
    default void onReply(CommandReply reply) {
    }

    /**
     * The snapshot of this cycle; only valid during the call (the loop reuses it): copy what you keep.
     */
    default void onSnapshot(Snapshot snapshot) {
    }

    /**
     * What the safety engine must remember across a restart changed (loop thread; hand off, never write here).
     */
    default void onSafetyMemory(SafetyMemory memory) {
    }

    /** Someone asked for every retained topic to be re-published. */
    default void onRebirth() {
    }
}
