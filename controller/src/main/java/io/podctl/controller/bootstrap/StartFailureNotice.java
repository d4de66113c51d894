package io.podctl.controller.bootstrap;

import io.podctl.config.MqttConfig;
import io.podctl.config.PodConfig;
import io.podctl.controller.mqtt.LinkSettings;
import io.podctl.controller.mqtt.MqttLink;
import io.podctl.controller.mqtt.OutboundMessage;
import io.podctl.controller.mqtt.PodPublisher;
import io.podctl.controller.mqtt.paho.PahoMqttLink;
import io.podctl.hal.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Tells the consoles why a controller that could not start is down: connects to the configured broker as the pod
 * (its client id, credentials and TLS, with its usual Will), publishes the retained status
 * {@code {"online":false,"reason":...}} and disconnects cleanly. Used by {@code podctl run} when start-up fails
 * (missing GPIO, a watchdog that cannot be opened), when nothing else of the controller runs.
 *
 * <p>Only the JSON profile has a status topic; with the Sparkplug profile nothing is published (a node that never
 * sent its birth has no death to announce).
 *
 * <p>Threading: blocks the calling thread (the launcher's) for at most about twice the given timeout.
 */
public final class StartFailureNotice {
    private StartFailureNotice() {
    }

    /**
     * Publishes the failed start's status when a broker of the configuration is reachable within {@code timeout}.
     *
     * @param configHash SHA-256 of the configuration file
     * @param reason     one line: what is missing and how to run without it
     * @return what happened, for the log: published, or why not
     */
    public static String publish(PodConfig config, String configHash, String reason, Duration timeout, Clock clock)
            throws InterruptedException {
        if (config.mqtt().profile() == MqttConfig.Profile.SPARKPLUG) {
            return "not published: the Sparkplug profile has no status topic";
        }
        List<String> brokers = config.mqtt().brokers();
        if (brokers.isEmpty()) {
            return "not published: no broker configured";
        }
        String status = config.topicRoot() + "/status";
        OutboundMessage will = new OutboundMessage(status, PodPublisher.offlinePayload(), 1, true,
                OutboundMessage.Delivery.LATEST);
        LinkSettings settings;
        try {
            settings = PodRuntime.linkSettings(config, brokers, PodRuntime.clientId(config, ""), will, System.getenv());
        } catch (RuntimeException e) {
            return "not published: " + e.getMessage();
        }
        CountDownLatch connected = new CountDownLatch(1);
        CountDownLatch acknowledged = new CountDownLatch(1);
        MqttLink link = new PahoMqttLink(settings, clock);
        try {
            link.addConnectionListener(uri -> connected.countDown());
            link.start();
            if (!connected.await(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
                return "not published: no broker of " + brokers + " reachable within " + timeout.toSeconds() + " s";
            }
            OutboundMessage failed = new OutboundMessage(status, PodPublisher.failedStartPayload(Build.VERSION,
                    configHash, reason, clock.now()), 1, true, OutboundMessage.Delivery.RELIABLE);
            if (!link.publish(failed, acknowledged::countDown)
                    || !acknowledged.await(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
                return "not published: the broker did not acknowledge it within " + timeout.toSeconds() + " s";
            }
            return "published on " + status + " (retained)";
        } finally {
            link.close(null, timeout);
        }
    }
}
