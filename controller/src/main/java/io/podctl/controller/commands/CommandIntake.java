package io.podctl.controller.commands;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.podctl.controller.events.EventLog;
import io.podctl.controller.state.PodObserver;
import io.podctl.hal.Clock;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The gate between the untrusted command channel and the control loop. Every message on
 * {@code {root}/cmd/{command}/{identity}} is checked, in this order, and refused with a reason code at the
 * first failure: retained flag, size, UTF-8, JSON syntax and depth, envelope shape, command name, identity and
 * authorization, the pod's clock (for safety-reset and engineer commands), expiry, duplicate id, arguments, rate,
 * inbox capacity. A command that passes is queued for
 * the loop, which sends its reply; a refused one is answered here. Either way exactly one reply and one audit
 * event are produced.
 *
 * <p>The identity is the last topic level. It is trustworthy because the broker's ACL lets each
 * authenticated user (or certificate identity) publish only under its own name
 * ({@code pattern write podctl/+/+/cmd/+/%u} in Mosquitto); see docs/mqtt.md.
 *
 * <p>Threading: {@link #onMessage} is called on the MQTT client's thread; messages are handled one at a time
 * (synchronized). It never blocks: the inbox is bounded and refusal is the overflow policy.
 */
public final class CommandIntake {
    /** Largest payload accepted, bytes. */
    public static final int MAX_PAYLOAD_BYTES = 4096;
    /** Largest topic accepted, bytes. */
    public static final int MAX_TOPIC_BYTES = 256;
    /** Deepest JSON nesting accepted. */
    public static final int MAX_JSON_DEPTH = 8;
    /** Longest allowed span between issuedAt and expiresAt. */
    public static final Duration MAX_VALIDITY = Duration.ofSeconds(5);
    /** Tolerated clock difference for an issuedAt in the future. */
    public static final Duration CLOCK_SKEW = Duration.ofSeconds(2);
    /** How many recent command ids are remembered to refuse duplicates. */
    public static final int DEDUP_WINDOW = 1024;

    private static final Pattern ID = Pattern.compile("[A-Za-z0-9._:-]{1,64}");
    private static final Pattern IDENTITY = Pattern.compile("[A-Za-z0-9._@-]{1,64}");
    private static final Set<String> ENVELOPE_FIELDS = Set.of("id", "issuedAt", "expiresAt", "args");

    private final String prefix;
    private volatile Map<CommandClass, Set<String>> authorized;
    private volatile String clockDoubt;
    private final CommandInbox inbox;
    private final PodObserver observer;
    private final EventLog events;
    private final Clock clock;
    private final ObjectMapper json;
    private final Map<String, Boolean> recentIds = new LinkedHashMap<>(DEDUP_WINDOW * 2, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > DEDUP_WINDOW;
        }
    };
    private final Map<String, TokenBucket> rates = new HashMap<>();
    private final double ratePerSecond;
    private final int burst;

    /**
     * How many commands one identity may send.
     *
     * @param perSecond sustained commands per second allowed per identity
     * @param burst     commands an identity may send at once
     */
    public record RateLimit(double perSecond, int burst) {
        public RateLimit {
            if (!(perSecond > 0) || burst < 1) {
                throw new IllegalArgumentException("rate limit: perSecond > 0 and burst >= 1, not " + perSecond
                        + " and " + burst);
            }
        }
    }

    /**
     * Where the intake hands what it admits and says what it refused.
     *
     * @param inbox   the bounded inbox the loop drains: every admitted command
     * @param replies receives the reply of every refused command (the loop replies to the admitted ones)
     * @param audit   where every refusal is recorded as an event
     */
    public record Outlets(CommandInbox inbox, PodObserver replies, EventLog audit) {
        public Outlets {
            Objects.requireNonNull(inbox, "inbox");
            Objects.requireNonNull(replies, "replies");
            Objects.requireNonNull(audit, "audit");
        }
    }

    /**
     * @param topicRoot  the pod's topic root; commands arrive under {@code topicRoot + "/cmd/"}
     * @param authorized identities allowed per command class; a class with no entry allows nobody
     * @param rate       the rate limit per identity
     * @param outlets    where admitted commands, refusals' replies and audit events go
     * @param clock      wall time for expiry, monotonic time for the rate limit
     */
    public CommandIntake(String topicRoot, Map<CommandClass, Set<String>> authorized, RateLimit rate,
                         Outlets outlets, Clock clock) {
        this.prefix = topicRoot + "/cmd/";
        this.authorized = Map.copyOf(authorized);
        this.inbox = outlets.inbox();
        this.observer = outlets.replies();
        this.events = outlets.audit();
        this.clock = clock;
        this.ratePerSecond = rate.perSecond();
        this.burst = rate.burst();
        JsonFactory factory = JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_JSON_DEPTH)
                        .maxStringLength(MAX_PAYLOAD_BYTES).build())
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .build();
        this.json = new ObjectMapper(factory);
    }

    /** Replaces who may issue what (a reloaded configuration). Any thread; takes effect for the next message. */
    public void setAuthorization(Map<CommandClass, Set<String>> next) {
        this.authorized = Map.copyOf(next);
    }

    /**
     * Whether the pod's wall clock can be trusted: null while it is synchronized, otherwise why not. Expiry is the
     * only defence against a delayed or replayed command, and it compares against this clock. While the clock is
     * not trusted, commands of the safety-reset and engineer classes — those that can re-energize racks or weaken
     * a protection — are refused with {@link ReasonCode#CLOCK_UNSYNCHRONIZED} (the reset button at the pod still
     * works); view and operate commands are still checked against the pod's clock. Any thread.
     */
    public void setClockDoubt(String why) {
        this.clockDoubt = why;
    }

    /** The topic filter to subscribe to. */
    public String subscription() {
        return prefix + "#";
    }

    /** Handles one inbound message; MQTT thread. */
    public synchronized void onMessage(InboundMessage message) {
        Instant now = clock.now();
        String topic = message.topic();
        String rest = topic.startsWith(prefix) ? topic.substring(prefix.length()) : "";
        String[] levels = rest.split("/", -1);
        String name = levels.length > 0 ? levels[0] : "";
        String identity = levels.length == 2 && IDENTITY.matcher(levels[1]).matches() ? levels[1] : "";

        if (topic.getBytes(StandardCharsets.UTF_8).length > MAX_TOPIC_BYTES) {
            refuse("", name, identity, ReasonCode.MALFORMED, "topic longer than " + MAX_TOPIC_BYTES + " bytes", now);
            return;
        }
        if (message.payload().length > MAX_PAYLOAD_BYTES) {
            refuse("", name, identity, ReasonCode.MALFORMED,
                    "payload of " + message.payload().length + " bytes exceeds " + MAX_PAYLOAD_BYTES, now);
            return;
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(message.payload()))
                    .toString();
        } catch (CharacterCodingException e) {
            refuse("", name, identity, ReasonCode.MALFORMED, "payload is not valid UTF-8", now);
            return;
        }
        JsonNode root;
        try (JsonParser parser = json.createParser(text)) {
            root = json.readTree(parser);
            if (parser.nextToken() != null) {
                throw new IllegalArgumentException("trailing content after the JSON object");
            }
        } catch (Exception e) {
            refuse("", name, identity, ReasonCode.MALFORMED, "not a JSON command envelope: " + firstLine(e), now);
            return;
        }
        String id = root != null && root.path("id").isTextual() ? root.path("id").asText() : "";
        if (message.retained()) {
            refuse(id, name, identity, ReasonCode.RETAINED_NOT_ALLOWED,
                    "commands must not be retained; clear the retained message on " + topic, now);
            return;
        }
        String envelopeProblem = envelopeProblem(root, levels.length);
        if (envelopeProblem != null) {
            refuse(id, name, identity, ReasonCode.MALFORMED, envelopeProblem, now);
            return;
        }
        JsonNode args = root.path("args");
        Command command;
        CommandClass commandClass = classOf(name);
        if (commandClass == null) {
            refuse(id, name, identity, ReasonCode.UNKNOWN_COMMAND, "no command named '" + name + "'", now);
            return;
        }
        if (identity.isEmpty()) {
            refuse(id, name, identity, ReasonCode.FORBIDDEN,
                    "no identity: publish to " + prefix + name + "/{identity}", now);
            return;
        }
        if (!authorized.getOrDefault(commandClass, Set.of()).contains(identity)) {
            refuse(id, name, identity, ReasonCode.FORBIDDEN,
                    "'" + identity + "' may not issue " + commandClass.name().toLowerCase(Locale.ROOT)
                            + " commands", now);
            return;
        }
        String doubt = clockDoubt;
        if (doubt != null && (commandClass == CommandClass.SAFETY_RESET || commandClass == CommandClass.ENGINEER)) {
            refuse(id, name, identity, ReasonCode.CLOCK_UNSYNCHRONIZED, "the pod's clock is not synchronized (" + doubt
                    + "), so the expiry of a " + commandClass.name().toLowerCase(Locale.ROOT).replace('_', '-')
                    + " command cannot be checked; retry once it is, or use the controls at the pod", now);
            return;
        }
        Instant issuedAt = Instant.parse(root.path("issuedAt").asText());
        Instant expiresAt = Instant.parse(root.path("expiresAt").asText());
        if (issuedAt.isAfter(now.plus(CLOCK_SKEW))) {
            refuse(id, name, identity, ReasonCode.EXPIRED, "issuedAt lies in the future", now);
            return;
        }
        if (!now.isBefore(expiresAt)) {
            refuse(id, name, identity, ReasonCode.EXPIRED, "expired at " + expiresAt, now);
            return;
        }
        if (recentIds.containsKey(identity + "/" + id)) {
            refuse(id, name, identity, ReasonCode.DUPLICATE, "command id already received", now);
            return;
        }
        recentIds.put(identity + "/" + id, Boolean.TRUE);
        try {
            command = parseArgs(name, args);
        } catch (IllegalArgumentException e) {
            refuse(id, name, identity, ReasonCode.INVALID_ARGS, e.getMessage(), now);
            return;
        }
        long nowNanos = clock.nanoTime();
        if (!rates.computeIfAbsent(identity, k -> new TokenBucket(ratePerSecond, burst, nowNanos)).take(nowNanos)) {
            refuse(id, name, identity, ReasonCode.BUSY, "rate limit of " + ratePerSecond + " commands/s exceeded", now);
            return;
        }
        if (!inbox.offer(new CommandRequest(id, name, command, identity, nowNanos))) {
            refuse(id, name, identity, ReasonCode.BUSY, "command queue full", now);
        }
    }

    private static String envelopeProblem(JsonNode root, int topicLevels) {
        if (topicLevels > 2) {
            return "topic has too many levels: expected cmd/{command}/{identity}";
        }
        if (root == null || !root.isObject()) {
            return "the envelope must be a JSON object";
        }
        for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!ENVELOPE_FIELDS.contains(f)) {
                return "unknown envelope field '" + f + "'";
            }
        }
        if (!root.path("id").isTextual() || !ID.matcher(root.path("id").asText()).matches()) {
            return "id must be a string of 1-64 letters, digits or . _ : -";
        }
        Instant issued;
        Instant expires;
        try {
            issued = Instant.parse(root.path("issuedAt").asText(""));
            expires = Instant.parse(root.path("expiresAt").asText(""));
        } catch (DateTimeParseException e) {
            return "issuedAt and expiresAt must be ISO-8601 UTC instants, e.g. 2026-11-27T10:15:30Z";
        }
        if (!expires.isAfter(issued)) {
            return "expiresAt must be after issuedAt";
        }
        if (Duration.between(issued, expires).compareTo(MAX_VALIDITY) > 0) {
            return "a command may be valid for at most " + MAX_VALIDITY.toSeconds() + " s";
        }
        if (root.has("args") && !root.get("args").isObject()) {
            return "args must be a JSON object";
        }
        return null;
    }

    /** The authorization class of a command name, or null for an unknown command. */
    static CommandClass classOf(String name) {
        return switch (name) {
            case "ack", "shelve", "unshelve" -> CommandClass.OPERATE;
            case "reset" -> CommandClass.SAFETY_RESET;
            case "rebirth" -> CommandClass.VIEW;
            case "mode", "setpoint", "bypass", "unbypass", "out-of-service", "return-to-service", "override",
                 "reload" ->
                    CommandClass.ENGINEER;
            default -> null;
        };
    }

    /** Parses and checks the arguments of command {@code name}; throws IllegalArgumentException if invalid. */
    static Command parseArgs(String name, JsonNode args) {
        return switch (name) {
            case "ack" -> new Command.Ack(new CommandArgs(args, Set.of("alarm")).optionalText("alarm"));
            case "reset" -> new Command.Reset(new CommandArgs(args, Set.of("trip")).optionalText("trip"));
            case "rebirth" -> {
                new CommandArgs(args, Set.of());
                yield new Command.Rebirth();
            }
            case "shelve" -> {
                CommandArgs a = new CommandArgs(args, Set.of("alarm", "reason", "duration"));
                yield new Command.Shelve(a.text("alarm"), a.text("reason"), a.duration("duration"));
            }
            case "unshelve" -> new Command.Unshelve(new CommandArgs(args, Set.of("alarm")).text("alarm"));
            case "mode" -> {
                CommandArgs a = new CommandArgs(args, Set.of("mode", "reason"));
                String mode = a.text("mode");
                if (!mode.equals("maintenance") && !mode.equals("normal")) {
                    throw new IllegalArgumentException("'mode' must be \"maintenance\" or \"normal\"");
                }
                boolean on = mode.equals("maintenance");
                yield new Command.Mode(on, on ? a.text("reason") : a.optionalText("reason"));
            }
            case "setpoint" -> {
                CommandArgs a = new CommandArgs(args, Set.of("point", "value"));
                yield new Command.Setpoint(a.text("point"), a.number("value"));
            }
            case "bypass" -> {
                CommandArgs a = new CommandArgs(args, Set.of("protection", "reason", "duration"));
                yield new Command.Bypass(a.text("protection"), a.text("reason"), a.duration("duration"));
            }
            case "reload" -> {
                new CommandArgs(args, Set.of());
                yield new Command.Reload();
            }
            case "unbypass" -> new Command.RemoveBypass(new CommandArgs(args, Set.of("protection")).text("protection"));
            case "out-of-service" -> {
                CommandArgs a = new CommandArgs(args, Set.of("alarm", "reason", "duration"));
                yield new Command.OutOfService(a.text("alarm"), a.text("reason"), a.duration("duration"));
            }
            case "return-to-service" -> new Command.ReturnToService(
                    new CommandArgs(args, Set.of("alarm")).text("alarm"));
            case "override" -> {
                CommandArgs a = new CommandArgs(args, Set.of("output", "energized", "reason", "duration"));
                yield new Command.OverrideOutput(a.text("output"), a.bool("energized"), a.text("reason"),
                        a.duration("duration"));
            }
            default -> throw new IllegalArgumentException("no command named " + name);
        };
    }

    private void refuse(String id, String name, String identity, ReasonCode code, String message, Instant now) {
        CommandReply reply = new CommandReply(id, name, identity, code, message, now);
        observer.onReply(reply);
        CommandAudit.record(events, reply);
    }

    private static String firstLine(Exception e) {
        String m = String.valueOf(e.getMessage());
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }

    /** A token bucket on the monotonic clock. */
    private static final class TokenBucket {
        private final double perNano;
        private final double capacity;
        private double tokens;
        private long last;

        TokenBucket(double perSecond, int burst, long nowNanos) {
            this.perNano = perSecond / 1e9;
            this.capacity = burst;
            this.tokens = burst;
            this.last = nowNanos;
        }

        boolean take(long nowNanos) {
            tokens = Math.min(capacity, tokens + (nowNanos - last) * perNano);
            last = nowNanos;
            if (tokens >= 1) {
                tokens -= 1;
                return true;
            }
            return false;
        }
    }
}
