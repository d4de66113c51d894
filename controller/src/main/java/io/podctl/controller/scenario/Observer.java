package io.podctl.controller.scenario;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.podctl.controller.mqtt.LinkSettings;
import io.podctl.controller.mqtt.MqttLink;
import io.podctl.controller.mqtt.OutboundMessage;
import io.podctl.controller.mqtt.paho.PahoMqttLink;
import io.podctl.hal.Clock;
import io.podctl.controller.scenario.ScenarioResult.PinChange;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntPredicate;

/**
 * What an outside observer of the pod sees, stamped on the monotonic clock as it arrives: every MQTT message under
 * the pod's topic root (its own client on the broker), and the level of every output pin, sampled every
 * millisecond on the plant's side of the wiring (a change is stamped up to 1 ms late; for a remote plant, from what
 * its control channel last reported).
 *
 * <p>Threading: MQTT messages arrive on the client's thread, pins are sampled on a thread of its own; every query
 * is thread-safe (copies under the object's lock).
 */
final class Observer implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * One MQTT message.
     *
     * @param nanos   arrival, monotonic
     * @param topic   topic without the root
     * @param payload parsed JSON (null when not JSON)
     */
    record Message(long nanos, String topic, JsonNode payload) {
    }

    private final String root;
    private final MqttLink link;
    private final List<Message> messages = new ArrayList<>();
    private final List<PinChange> pins = new ArrayList<>();
    private final Map<String, Boolean> levels = new LinkedHashMap<>();
    private final Thread sampler;
    private volatile boolean running = true;

    /**
     * @param outputLevel the electrical level of a BCM output pin on the plant's side of the wiring (non-blocking)
     */
    Observer(String brokerUri, String root, IntPredicate outputLevel, Map<String, Integer> outputPins) {
        this.root = root;
        this.link = new PahoMqttLink(LinkSettings.of(brokerUri, "scenario-" + UUID.randomUUID(), null), Clock.system());
        link.subscribe(root + "/#", 1, m -> record(m.topic(), m.payload()));
        link.start();
        long now = System.nanoTime();
        synchronized (this) {
            outputPins.forEach((id, pin) -> {
                boolean on = outputLevel.test(pin);
                levels.put(id, on);
                pins.add(new PinChange(now, id, on));
            });
        }
        sampler = new Thread(() -> {
            while (running) {
                long t = System.nanoTime();
                outputPins.forEach((id, pin) -> {
                    boolean on = outputLevel.test(pin);
                    synchronized (this) {
                        if (levels.get(id) != on) {
                            levels.put(id, on);
                            pins.add(new PinChange(t, id, on));
                        }
                    }
                });
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
            }
        }, "scenario-pins");
        sampler.setDaemon(true);
        sampler.start();
    }

    private void record(String topic, byte[] payload) {
        long t = System.nanoTime();
        JsonNode json;
        try {
            json = payload.length == 0 ? null : JSON.readTree(payload);
        } catch (IOException e) {
            json = null;
        }
        String relative = topic.startsWith(root + "/") ? topic.substring(root.length() + 1) : topic;
        synchronized (this) {
            messages.add(new Message(t, relative, json));
        }
    }

    /** Publishes a command envelope (QoS 1, not retained). */
    void publish(String relativeTopic, String payload) {
        link.publish(new OutboundMessage(root + "/" + relativeTopic, payload.getBytes(StandardCharsets.UTF_8), 1,
                false, OutboundMessage.Delivery.RELIABLE));
    }

    /** Whether the observer's own client is connected. */
    boolean connected() {
        return link.status().connected();
    }

    synchronized List<Message> messages() {
        return List.copyOf(messages);
    }

    synchronized List<PinChange> pinChanges() {
        return List.copyOf(pins);
    }

    /** The level of every output now, by id. */
    synchronized Map<String, Boolean> levels() {
        return Map.copyOf(levels);
    }

    /** When an output last changed (monotonic), or 0. */
    synchronized long lastChange(String output) {
        for (int i = pins.size() - 1; i >= 0; i--) {
            if (pins.get(i).output().equals(output)) {
                return pins.get(i).nanos();
            }
        }
        return 0;
    }

    @Override
    public void close() {
        running = false;
        link.close();
    }
}
