package io.podctl.controller.metrics;

import static io.podctl.controller.metrics.Exposition.bit;

import io.podctl.controller.journal.JournalStatus;
import io.podctl.controller.mqtt.LinkStatus;

/** The MQTT link and the event journal: connected, queued, dropped, backlog, oldest unacknowledged. Stateless. */
final class PublisherFamilies {
    private PublisherFamilies() {
    }

    static void add(Exposition out, ScrapeView v) {
        LinkStatus l = v.link();
        out.gauge("podctl_mqtt_connected", "1 while connected to a broker.", bit(l.connected()));
        out.counter("podctl_mqtt_connects", "Successful broker connections since start.", l.connects());
        out.counter("podctl_mqtt_connect_failures", "Failed connection attempts since start.", l.connectFailures());
        out.counter("podctl_mqtt_published", "Messages handed to the broker since start.", l.published());
        out.counter("podctl_mqtt_telemetry_dropped", "Point messages dropped, oldest first, from the bounded"
                + " telemetry queue.", l.telemetryDropped());
        out.gauge("podctl_mqtt_telemetry_queued", "Point messages waiting now.", l.telemetryQueued());
        out.gauge("podctl_mqtt_reliable_pending", "Events and replies held until the broker acknowledges them.",
                l.reliablePending());
        out.counter("podctl_mqtt_reliable_refused", "Reliable messages refused because that queue was full.",
                l.reliableRefused());
        JournalStatus j = v.journal();
        if (j == null) {
            return;
        }
        out.counter("podctl_journal_appended", "Events written to the journal since start.", j.appended());
        out.gauge("podctl_journal_pending", "Journaled events not yet acknowledged by the broker.", j.pending());
        out.gauge("podctl_journal_backlog", "Of those, events waiting on disk to be sent (an outage, a restart).",
                j.backlog());
        out.counter("podctl_journal_replayed", "Events sent marked historical since start.", j.replayed());
        out.counter("podctl_journal_dropped", "Events dropped because the journal was full (never sent).",
                j.dropped());
        out.counter("podctl_journal_handoff_overflow", "Events refused because the disk stalled (never journaled).",
                j.handoffOverflow());
        out.counter("podctl_journal_write_failures", "Batches that could not be written (disk full, I/O error).",
                j.writeFailures());
        out.gauge("podctl_journal_full", "1 while the journal is at its bound and drops its oldest unsent events.",
                bit(j.full()));
        out.gauge("podctl_journal_size_bytes", "Bytes on disk.", j.bytes());
        out.gauge("podctl_journal_segments", "Segment files on disk.", j.segments());
        out.gauge("podctl_journal_append_max_seconds", "Longest batch write plus fsync since start.",
                j.maxFsyncMicros() / 1e6);
        if (j.pending() == 0) {
            out.gauge("podctl_journal_oldest_unacknowledged_age_seconds", "How long ago the oldest event not yet"
                    + " acknowledged by the broker happened (0 when none is pending).", 0);
        } else if (j.oldestPendingWallMillis() > 0) {
            out.gauge("podctl_journal_oldest_unacknowledged_age_seconds", "How long ago the oldest event not yet"
                    + " acknowledged by the broker happened (0 when none is pending).",
                    Math.max(0, v.nowWallMillis() - j.oldestPendingWallMillis()) / 1e3);
        }
    }
}
