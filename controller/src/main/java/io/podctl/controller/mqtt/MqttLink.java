package io.podctl.controller.mqtt;

import io.podctl.controller.commands.InboundMessage;
import java.time.Duration;

/**
 * The controller's connection to an MQTT broker, whatever client library is underneath.
 *
 * <p>A link owns its own connection supervisor: it connects in the background (the first connect is retried
 * like any other), reconnects with exponential backoff and ±20 % jitter up to its cap, fails over between
 * the configured brokers, resubscribes on every reconnect, and tells its {@link ConnectionListener}s so that
 * retained topics can be re-published.
 *
 * <p>Threading: {@link #publish} never blocks and may be called from any thread, including the control loop.
 * Inbound messages are delivered on the client library's thread; handlers must only hand them off.
 */
public interface MqttLink extends AutoCloseable {

    /**
     * Registers a subscription; must be called before {@link #start()}. It is (re)established on every
     * connection.
     */
    void subscribe(String topicFilter, int qos, InboundHandler handler);

    /** Registers a listener for connection changes; must be called before {@link #start()}. */
    void addConnectionListener(ConnectionListener listener);

    /** Starts connecting in the background; returns at once. */
    void start();

    /**
     * Queues a message for sending and returns at once.
     *
     * <p>Queueing policy by {@link OutboundMessage.Delivery}: {@code LATEST} messages are conflated per topic
     * (only the newest per topic is kept, so memory is bounded by the number of topics; an implementation caps
     * the number of topics and refuses, returning {@code false} and counting it, a message for a new topic
     * beyond its cap);
     * {@code TELEMETRY} messages go to a bounded queue that drops its oldest entry when full (counted);
     * {@code RELIABLE} messages go to a bounded queue and are kept until the broker acknowledges them,
     * re-sent after a reconnect (duplicates possible, never losses) — when that queue is full the message is
     * refused and this method returns {@code false} so the caller can keep it elsewhere.
     *
     * @return {@code true} if the message was queued
     */
    boolean publish(OutboundMessage message);

    /**
     * As {@link #publish(OutboundMessage)}, and for a {@code RELIABLE} message queued here, calls
     * {@code onAcknowledged} once the broker acknowledged it (PUBACK). The callback runs on the link's
     * (or client library's) thread and must only hand off. It is never called for a message that was refused,
     * nor for one still unacknowledged when the link closes; a message re-sent after a reconnect is reported
     * once. Callers that must not lose a message (the journal) keep it until this callback.
     *
     * <p>The default implementation, for links that cannot tell, queues the message and never calls back.
     *
     * @return {@code true} if the message was queued
     */
    default boolean publish(OutboundMessage message, Runnable onAcknowledged) {
        return publish(message);
    }

    /** Current connection state and counters; a new immutable snapshot. */
    LinkStatus status();

    /**
     * Orderly stop: sends {@code lastMessage} (if not null), waits up to {@code timeout} for queued reliable
     * messages and that message to be acknowledged, then disconnects cleanly (so the broker does not publish
     * the Will).
     */
    void close(OutboundMessage lastMessage, Duration timeout);

    /** {@link #close(OutboundMessage, Duration)} with no last message and a 2 s timeout. */
    @Override
    default void close() {
        close(null, Duration.ofSeconds(2));
    }

    /** Receives inbound messages; called on the client library's thread, must not block. */
    @FunctionalInterface
    interface InboundHandler {
        void onMessage(InboundMessage message);
    }

    /** Told about connection changes; called on the link's thread, must not block. */
    interface ConnectionListener {
        /** A connection to {@code brokerUri} is up and subscriptions are in place. */
        void onConnected(String brokerUri);

        /** The connection was lost or could not be established. */
        default void onDisconnected(String reason) {
        }
    }
}
