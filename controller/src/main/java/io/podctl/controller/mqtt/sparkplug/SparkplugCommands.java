package io.podctl.controller.mqtt.sparkplug;

import io.podctl.controller.commands.InboundMessage;
import io.podctl.controller.mqtt.sparkplug.internal.SparkplugPayload;
import io.podctl.hal.Clock;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;

/**
 * Sparkplug NCMD/DCMD into the same command intake as the podctl profile: every metric write becomes one
 * command envelope on {@code {root}/cmd/{command}/{identity}}, so the same validation, authorization, expiry,
 * de-duplication, rate limit, reply and audit apply.
 *
 * <ul>
 *   <li>{@code Node Control/Rebirth} = true → {@code rebirth} (false is ignored);</li>
 *   <li>{@code Commands/{name}} (String) → command {@code name}: an empty string means no arguments, a JSON
 *       object is the arguments, any other text is the one argument of ack ({@code alarm}) and reset
 *       ({@code trip});</li>
 *   <li>any other metric → a command of that name (sanitized), which the intake refuses as UNKNOWN_COMMAND;</li>
 *   <li>an undecodable payload → MALFORMED.</li>
 * </ul>
 * The envelope's {@code issuedAt} is the payload timestamp (the host's clock; without one, now), its
 * {@code expiresAt} 5 s later, its id {@code spb-{timestamp}-{seq}-{index}}.
 *
 * <p>Identity: Sparkplug has no sender in the topic; every NCMD/DCMD is attributed to one configured identity
 * ({@code mqtt.sparkplugIdentity}), which the broker's ACL must make true by letting only that host
 * application (its certificate CN) write {@code spBv1.0/{group}/NCMD/{node}} and {@code DCMD}.
 *
 * <p>Threading: {@link #onMessage} on the MQTT client's thread; it only decodes and calls the intake.
 */
public final class SparkplugCommands {
    private final String group;
    private final String node;
    private final String commandPrefix;
    private final String identity;
    private final Consumer<InboundMessage> intake;
    private final Clock clock;

    /**
     * @param topicRoot the podctl topic root the intake listens under
     * @param identity  identity the commands are authorized as
     * @param intake    the command intake's {@code onMessage}
     */
    public SparkplugCommands(String group, String node, String topicRoot, String identity,
                             Consumer<InboundMessage> intake, Clock clock) {
        this.group = group;
        this.node = node;
        this.commandPrefix = topicRoot + "/cmd/";
        this.identity = identity;
        this.intake = intake;
        this.clock = clock;
    }

    /** The topic filters to subscribe: NCMD of this node and DCMD of each of its devices. */
    public List<String> subscriptions() {
        return List.of("spBv1.0/" + group + "/NCMD/" + node, "spBv1.0/" + group + "/DCMD/" + node + "/+");
    }

    /** One NCMD or DCMD message. */
    public void onMessage(InboundMessage m) {
        SparkplugPayload.Decoded p;
        try {
            p = SparkplugPayload.decode(m.payload());
        } catch (IllegalArgumentException e) {
            forward("sparkplug", "not a Sparkplug B payload: " + e.getMessage(), m);
            return;
        }
        if (p.metrics().isEmpty()) {
            forward("sparkplug", "a command payload without metrics", m);
            return;
        }
        long ts = p.timestamp() > 0 ? p.timestamp() : clock.now().toEpochMilli();
        for (int i = 0; i < p.metrics().size(); i++) {
            SparkplugPayload.Metric metric = p.metrics().get(i);
            String name;
            String args = null;
            if (metric.name().equals("Node Control/Rebirth")) {
                if (!Boolean.TRUE.equals(metric.value())) {
                    continue;
                }
                name = "rebirth";
            } else if (metric.name().startsWith("Commands/")) {
                name = sanitize(metric.name().substring("Commands/".length()));
                args = arguments(name, metric.value());
            } else {
                name = sanitize(metric.name());
            }
            Instant issued = Instant.ofEpochMilli(ts);
            String envelope = "{\"id\":\"spb-" + ts + "-" + Math.max(p.seq(), 0) + "-" + i + "\",\"issuedAt\":\""
                    + issued + "\",\"expiresAt\":\"" + issued.plusSeconds(5) + "\""
                    + (args == null ? "" : ",\"args\":" + args) + "}";
            intake.accept(new InboundMessage(commandPrefix + name + "/" + identity,
                    envelope.getBytes(StandardCharsets.UTF_8), m.qos(), m.retained()));
        }
    }

    /** Hands an unusable payload to the intake, which refuses it as MALFORMED (with reply and audit). */
    private void forward(String name, String why, InboundMessage m) {
        byte[] notJson = ("sparkplug: " + why).getBytes(StandardCharsets.UTF_8);
        intake.accept(new InboundMessage(commandPrefix + name + "/" + identity, notJson, m.qos(), m.retained()));
    }

    private static String arguments(String name, Object value) {
        if (!(value instanceof String text) || text.isBlank()) {
            return null;
        }
        String t = text.strip();
        if (t.startsWith("{")) {
            return t; // the intake validates it like any other args object
        }
        String field = switch (name) {
            case "ack" -> "alarm";
            case "reset" -> "trip";
            default -> "value";
        };
        return "{\"" + field + "\":\"" + t.replace("\\", "\\\\").replace("\"", "\\\"") + "\"}";
    }

    private static String sanitize(String name) {
        String s = name.replaceAll("[^A-Za-z0-9._-]", "_");
        return s.isEmpty() ? "_" : s.length() > 64 ? s.substring(0, 64) : s;
    }
}
