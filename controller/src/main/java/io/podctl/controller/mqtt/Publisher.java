package io.podctl.controller.mqtt;

import io.podctl.controller.journal.EventJournal;
import io.podctl.controller.state.PodObserver;
import java.time.Duration;

/**
 * A publishing profile: turns what the loop produces into MQTT messages on an {@link MqttLink}. The engine
 * (loop, observers, journal, report by exception, command intake) is the same for every profile; only the
 * topics and the encoding differ: {@link PodPublisher} (the podctl JSON contract) and
 * {@code sparkplug.SparkplugPublisher} (Sparkplug B).
 *
 * <p>Threading: the {@link PodObserver} methods only hand off; each profile publishes on its own thread.
 */
public interface Publisher extends PodObserver, MqttLink.ConnectionListener, AutoCloseable {

    /** Starts the publishing thread. */
    void start();

    /** What the event journal sends through (called on the journal's writer thread). */
    EventJournal.Sender journalSender();

    /** The message to send last on an orderly shutdown (the "offline" form), or null. */
    OutboundMessage offlineMessage();

    /**
     * A reloaded configuration is running: publish its SHA-256 where this profile announces the configuration
     * (the podctl status topic). Any thread.
     */
    default void updateConfigHash(String configHash) {
    }

    /** A reloaded state interval: announce it where this profile does (the podctl status topic). Any thread. */
    default void updateStateInterval(Duration stateInterval) {
    }

    /** Stops the publishing thread after publishing what is pending; does not close the link. */
    @Override
    void close();
}
