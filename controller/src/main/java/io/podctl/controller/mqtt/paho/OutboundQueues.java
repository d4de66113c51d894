package io.podctl.controller.mqtt.paho;

import io.podctl.controller.mqtt.OutboundMessage;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The link's outbound buffers and their overflow policies, without any client library: what to send next,
 * what is in flight, what goes back to the queue when a connection is lost.
 *
 * <ul>
 *   <li>{@code LATEST}: one entry per topic (a newer message replaces the queued one in place, and removes queued
 *       telemetry on that topic, which it supersedes). The map holds
 *       at most {@code latestTopicCapacity} distinct topics; a message for a new topic beyond that is refused
 *       and counted. The controller publishes a fixed, small set of state topics, so the cap only bites on a
 *       topic leak (a bug), and then it keeps memory bounded instead of growing.</li>
 *   <li>{@code TELEMETRY}: a FIFO of at most {@code telemetryCapacity}; when full the oldest entry is dropped
 *       (counted). Telemetry in flight when the connection drops is lost and counted as dropped too.</li>
 *   <li>{@code RELIABLE}: kept in sequence order until the broker acknowledges it; at most
 *       {@code reliableCapacity} queued plus in flight; beyond that {@link #offer} refuses (counted). Entries in
 *       flight when the connection drops go back to the queue in their original order.</li>
 * </ul>
 *
 * <p>{@link #next()} hands out reliable messages first, then latest state, then telemetry: alarms and events
 * must not wait behind a telemetry backlog.
 *
 * <p>Not thread-safe: the owner guards every call with one lock.
 */
final class OutboundQueues {

    /** One message handed to the client; identity matters (a stale handle from an old connection is ignored). */
    static final class Sent {
        final OutboundMessage message;
        final long sequence;
        final boolean last;
        /** Called once the broker acknowledged a reliable message, or null. */
        final Runnable onAcknowledged;

        private Sent(OutboundMessage message, long sequence, boolean last, Runnable onAcknowledged) {
            this.message = message;
            this.sequence = sequence;
            this.last = last;
            this.onAcknowledged = onAcknowledged;
        }
    }

    /** A queued reliable message and whom to tell when it is acknowledged. */
    private record Reliable(OutboundMessage message, Runnable onAcknowledged) {
    }

    private final int telemetryCapacity;
    private final int reliableCapacity;
    private final int latestTopicCapacity;

    private final TreeMap<Long, Reliable> reliable = new TreeMap<>();
    private final LinkedHashMap<String, OutboundMessage> latest = new LinkedHashMap<>();
    private final ArrayDeque<OutboundMessage> telemetry;
    private final Set<Sent> inFlight = Collections.newSetFromMap(new IdentityHashMap<>());
    private int reliableInFlight;
    private long nextSequence;

    private long telemetryDropped;
    private long reliableRefused;
    private long latestRefused;
    private long acknowledged;

    private boolean closing;
    private OutboundMessage lastMessage;
    private boolean lastMessageDone = true;

    OutboundQueues(int telemetryCapacity, int reliableCapacity, int latestTopicCapacity) {
        if (telemetryCapacity < 1 || reliableCapacity < 1 || latestTopicCapacity < 1) {
            throw new IllegalArgumentException("capacities must be positive");
        }
        this.telemetryCapacity = telemetryCapacity;
        this.reliableCapacity = reliableCapacity;
        this.latestTopicCapacity = latestTopicCapacity;
        this.telemetry = new ArrayDeque<>(Math.min(telemetryCapacity, 1024));
    }

    /** Queues a message by its delivery class; {@code false} if it was refused (closing, or a full queue). */
    boolean offer(OutboundMessage message) {
        return offer(message, null);
    }

    /**
     * As {@link #offer(OutboundMessage)}; {@code onAcknowledged} (may be null) is kept with a reliable message and
     * handed back with it by {@link #next()}. Ignored for the other delivery classes.
     */
    boolean offer(OutboundMessage message, Runnable onAcknowledged) {
        if (closing) {
            return false;
        }
        switch (message.delivery()) {
            case RELIABLE -> {
                if (reliablePending() >= reliableCapacity) {
                    reliableRefused++;
                    return false;
                }
                reliable.put(nextSequence++, new Reliable(message, onAcknowledged));
            }
            case LATEST -> {
                if (!latest.containsKey(message.topic()) && latest.size() >= latestTopicCapacity) {
                    latestRefused++;
                    return false;
                }
                latest.put(message.topic(), message);
                // Queued telemetry on the same topic is older than this message and would be sent after it
                // (latest goes first): it is superseded, not lost. Rare (a rebirth), so a scan is fine.
                if (!telemetry.isEmpty()) {
                    telemetry.removeIf(m -> m.topic().equals(message.topic()));
                }
            }
            case TELEMETRY -> {
                if (telemetry.size() >= telemetryCapacity) {
                    telemetry.pollFirst();
                    telemetryDropped++;
                }
                telemetry.addLast(message);
            }
        }
        return true;
    }

    /** The next message to hand to the client, now counted as in flight; null if there is none. */
    Sent next() {
        Sent sent = null;
        Map.Entry<Long, Reliable> r = reliable.pollFirstEntry();
        if (r != null) {
            sent = new Sent(r.getValue().message(), r.getKey(), false, r.getValue().onAcknowledged());
            reliableInFlight++;
        } else if (!latest.isEmpty()) {
            Iterator<OutboundMessage> it = latest.values().iterator();
            sent = new Sent(it.next(), -1, false, null);
            it.remove();
        } else if (!telemetry.isEmpty()) {
            sent = new Sent(telemetry.pollFirst(), -1, false, null);
        } else if (lastMessage != null) {
            // Only after everything else has been handed out, so that it is the final word on its topic.
            sent = new Sent(lastMessage, -1, true, null);
            lastMessage = null;
        }
        if (sent != null) {
            inFlight.add(sent);
        }
        return sent;
    }

    /**
     * The broker acknowledged {@code sent} (QoS 1) or it was written (QoS 0). Stale handles are ignored.
     *
     * @return true if this counted (false for a stale handle, whose message went back to its queue)
     */
    boolean acknowledged(Sent sent) {
        if (!inFlight.remove(sent)) {
            return false;
        }
        acknowledged++;
        if (sent.message.delivery() == OutboundMessage.Delivery.RELIABLE && !sent.last) {
            reliableInFlight--;
        }
        if (sent.last) {
            lastMessageDone = true;
        }
        return true;
    }

    /**
     * Handing {@code sent} over failed; it goes back to its queue as after a lost connection.
     *
     * @return false if the handle was stale (from before {@link #connectionLost()})
     */
    boolean failed(Sent sent) {
        if (!inFlight.remove(sent)) {
            return false;
        }
        requeue(sent);
        return true;
    }

    /** Everything in flight goes back to its queue (reliable in original order), or is dropped (telemetry). */
    void connectionLost() {
        var snapshot = new ArrayList<>(inFlight);
        inFlight.clear();
        for (Sent sent : snapshot) {
            requeue(sent);
        }
    }

    private void requeue(Sent sent) {
        if (sent.last) {
            lastMessage = sent.message;
            return;
        }
        switch (sent.message.delivery()) {
            case RELIABLE -> {
                reliableInFlight--;
                reliable.put(sent.sequence, new Reliable(sent.message, sent.onAcknowledged));
            }
            // A newer value for the topic supersedes the one that was in flight.
            case LATEST -> latest.putIfAbsent(sent.message.topic(), sent.message);
            case TELEMETRY -> telemetryDropped++;
        }
    }

    /**
     * Stops accepting messages and arranges {@code last} (may be null) to go out after the reliable and latest
     * queues; queued telemetry is dropped (counted), and a queued latest message on the topic of {@code last}
     * is discarded because {@code last} supersedes it.
     */
    void beginClose(OutboundMessage last) {
        if (closing) {
            return;
        }
        closing = true;
        telemetryDropped += telemetry.size();
        telemetry.clear();
        if (last != null) {
            latest.remove(last.topic());
            lastMessage = last;
            lastMessageDone = false;
        }
    }

    /** Closing and nothing left to send or to wait for. */
    boolean drainedForClose() {
        return closing && reliable.isEmpty() && latest.isEmpty() && inFlight.isEmpty() && lastMessageDone;
    }

    int inFlight() {
        return inFlight.size();
    }

    boolean hasWork() {
        return !reliable.isEmpty() || !latest.isEmpty() || !telemetry.isEmpty() || lastMessage != null;
    }

    int reliablePending() {
        return reliable.size() + reliableInFlight;
    }

    int telemetryQueued() {
        return telemetry.size();
    }

    int latestQueued() {
        return latest.size();
    }

    long telemetryDropped() {
        return telemetryDropped;
    }

    long reliableRefused() {
        return reliableRefused;
    }

    long latestRefused() {
        return latestRefused;
    }

    /** Messages the broker acknowledged (QoS 1) or that were written to the connection (QoS 0). */
    long acknowledged() {
        return acknowledged;
    }
}
