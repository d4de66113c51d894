package io.podctl.controller.metrics;

import io.podctl.controller.journal.JournalStatus;
import io.podctl.controller.mqtt.LinkStatus;
import io.podctl.controller.safety.AlarmView;
import io.podctl.controller.state.ControllerHealth;
import io.podctl.controller.state.PodStateView;
import io.podctl.sensors.DeviceStatus;
import io.podctl.sensors.Snapshot;
import java.util.List;

/**
 * Everything one scrape exports, gathered once at its start from what the loop and the other threads handed
 * off: immutable views and the scrape's own copy of the latest snapshot.
 *
 * @param state            the last state the loop handed off, or null before the first
 * @param alarms           every alarm (NORMAL ones included) as last handed off; empty before the first
 * @param snapshot         the latest snapshot (owned by the scrape until the next one), or null before the first
 * @param snapshotCurrent  false when the snapshot is older than the stall timeout: its values are not exported
 * @param nowNanos         monotonic time of the scrape
 * @param devices          every device's status, live from the pollers' board
 * @param link             the MQTT link's status
 * @param journal          the event journal's status, or null without a journal
 * @param live             the liveness verdict
 * @param ready            the readiness verdict
 * @param sinceCycleNanos  nanoseconds since the last cycle, or -1 before the first
 * @param nowWallMillis    wall-clock time of the scrape, epoch ms (for ages of wall-clock stamps)
 * @param timing           the loop's timing figures
 */
record ScrapeView(PodStateView state, List<AlarmView> alarms, Snapshot snapshot, boolean snapshotCurrent,
                  long nowNanos, List<DeviceStatus> devices, LinkStatus link, JournalStatus journal,
                  ControllerHealth.Verdict live, ControllerHealth.Verdict ready, long sinceCycleNanos,
                  long nowWallMillis, LoopTiming timing) {
}
