package io.podctl.controller.loop;

import io.podctl.controller.events.EventLog;
import io.podctl.controller.state.PodObserver;
import java.time.Duration;

/**
 * What the {@link ControlLoop} reports to. Every one of them copies and hands off on the loop thread, so that
 * reporting never blocks a cycle.
 *
 * @param events        where events are numbered and handed on (journal, MQTT)
 * @param observer      receives the snapshot, the alarms, the safety memory, the state and command replies
 * @param stats         the loop's own timing: phases, cycles, overruns
 * @param stateInterval the state is handed to the observer at least this often even without changes
 */
public record LoopReporting(EventLog events, PodObserver observer, LoopStats stats, Duration stateInterval) {
}
