package io.podctl.controller.commands;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.podctl.controller.events.EventLog;
import io.podctl.controller.events.EventSequencer;
import io.podctl.controller.events.PodEvent;
import io.podctl.controller.state.PodObserver;
import io.podctl.hal.ManualClock;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every refusal of the command gate, each answered once with its reason code and audited. */
class CommandIntakeTest {
    private static final String ROOT = "podctl/lab/pod1";
    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

    private final ManualClock clock = new ManualClock(0, NOW);
    private final List<CommandReply> replies = new ArrayList<>();
    private final List<PodEvent> audit = new ArrayList<>();
    private CommandInbox inbox;
    private CommandIntake intake;

    @BeforeEach
    void setUp() {
        inbox = new CommandInbox(4, 4);
        PodObserver observer = new PodObserver() {
            @Override
            public void onReply(CommandReply reply) {
                replies.add(reply);
            }
        };
        intake = new CommandIntake(ROOT,
                Map.of(CommandClass.OPERATE, Set.of("operator"), CommandClass.SAFETY_RESET, Set.of("operator"),
                        CommandClass.VIEW, Set.of("viewer", "operator")),
                new CommandIntake.RateLimit(5, 5),
                new CommandIntake.Outlets(inbox, observer, new EventLog(new EventSequencer(1), audit::add)), clock);
    }

    private static String envelope(String id, String args) {
        return "{\"id\":\"" + id + "\",\"issuedAt\":\"" + NOW + "\",\"expiresAt\":\"" + NOW.plusSeconds(5) + "\""
                + (args == null ? "" : ",\"args\":" + args) + "}";
    }

    private void send(String topic, byte[] payload, boolean retained) {
        intake.onMessage(new InboundMessage(topic, payload, 1, retained));
    }

    private void send(String topic, String payload) {
        send(topic, payload.getBytes(StandardCharsets.UTF_8), false);
    }

    static Stream<Arguments> refusals() {
        String ok = envelope("c1", null);
        return Stream.of(
                Arguments.of("not JSON", ROOT + "/cmd/reset/operator", "reset please".getBytes(), false,
                        ReasonCode.MALFORMED),
                Arguments.of("invalid UTF-8", ROOT + "/cmd/reset/operator", new byte[] {'{', (byte) 0xC3, (byte) 0x28, '}'},
                        false, ReasonCode.MALFORMED),
                Arguments.of("oversized", ROOT + "/cmd/reset/operator", new byte[5000], false, ReasonCode.MALFORMED),
                Arguments.of("deeply nested", ROOT + "/cmd/reset/operator",
                        envelope("c1", "{\"a\":[[[[[[[[[[1]]]]]]]]]]}").getBytes(), false, ReasonCode.MALFORMED),
                Arguments.of("array envelope", ROOT + "/cmd/reset/operator", "[1,2]".getBytes(), false,
                        ReasonCode.MALFORMED),
                Arguments.of("unknown envelope field", ROOT + "/cmd/reset/operator",
                        "{\"id\":\"c1\",\"issuedAt\":\"2026-01-01T00:00:00Z\",\"expiresAt\":\"2026-01-01T00:00:05Z\",\"force\":true}".getBytes(),
                        false, ReasonCode.MALFORMED),
                Arguments.of("missing id", ROOT + "/cmd/reset/operator",
                        "{\"issuedAt\":\"2026-01-01T00:00:00Z\",\"expiresAt\":\"2026-01-01T00:00:05Z\"}".getBytes(),
                        false, ReasonCode.MALFORMED),
                Arguments.of("id of the wrong type", ROOT + "/cmd/reset/operator",
                        "{\"id\":7,\"issuedAt\":\"2026-01-01T00:00:00Z\",\"expiresAt\":\"2026-01-01T00:00:05Z\"}".getBytes(),
                        false, ReasonCode.MALFORMED),
                Arguments.of("validity longer than 5 s", ROOT + "/cmd/reset/operator",
                        "{\"id\":\"c1\",\"issuedAt\":\"2026-01-01T00:00:00Z\",\"expiresAt\":\"2026-01-01T00:01:00Z\"}".getBytes(),
                        false, ReasonCode.MALFORMED),
                Arguments.of("bad timestamp", ROOT + "/cmd/reset/operator",
                        "{\"id\":\"c1\",\"issuedAt\":\"yesterday\",\"expiresAt\":\"2026-01-01T00:00:05Z\"}".getBytes(),
                        false, ReasonCode.MALFORMED),
                Arguments.of("retained", ROOT + "/cmd/reset/operator", ok.getBytes(), true,
                        ReasonCode.RETAINED_NOT_ALLOWED),
                Arguments.of("unknown command", ROOT + "/cmd/explode/operator", ok.getBytes(), false,
                        ReasonCode.UNKNOWN_COMMAND),
                Arguments.of("no identity", ROOT + "/cmd/reset", ok.getBytes(), false, ReasonCode.FORBIDDEN),
                Arguments.of("viewer resetting", ROOT + "/cmd/reset/viewer", ok.getBytes(), false, ReasonCode.FORBIDDEN),
                Arguments.of("unknown argument", ROOT + "/cmd/reset/operator", envelope("c1", "{\"all\":true}").getBytes(),
                        false, ReasonCode.INVALID_ARGS),
                Arguments.of("argument of the wrong type", ROOT + "/cmd/reset/operator",
                        envelope("c1", "{\"trip\":42}").getBytes(), false, ReasonCode.INVALID_ARGS),
                Arguments.of("too many topic levels", ROOT + "/cmd/reset/operator/x", ok.getBytes(), false,
                        ReasonCode.MALFORMED));
    }

    @ParameterizedTest(name = "{0} -> {4}")
    @MethodSource("refusals")
    void eachBadCommandIsRefusedWithItsReasonAndAudited(String what, String topic, byte[] payload, boolean retained,
                                                         ReasonCode expected) {
        send(topic, payload, retained);
        assertEquals(1, replies.size(), "exactly one reply");
        assertEquals(expected, replies.get(0).code(), replies.get(0).message());
        assertEquals(0, inbox.size(), "nothing reaches the loop");
        assertEquals(1, audit.size(), "audited");
        assertEquals(expected.name(), audit.get(0).details().get("code"));
    }

    @Test
    void aValidCommandIsQueuedForTheLoopWithoutAReplyYet() {
        send(ROOT + "/cmd/reset/operator", envelope("c1", "{\"trip\":\"estop\"}"));
        assertEquals(0, replies.size(), "the loop replies once it has executed it");
        List<CommandRequest> taken = new ArrayList<>();
        inbox.drainTo(taken);
        assertEquals(1, taken.size());
        assertEquals(new Command.Reset("estop"), taken.get(0).command());
        assertEquals("operator", taken.get(0).identity());
    }

    @Test
    void anExpiredOrFutureDatedCommandIsRefused() {
        clock.advance(Duration.ofSeconds(6));
        send(ROOT + "/cmd/ack/operator", envelope("c1", null));
        assertEquals(ReasonCode.EXPIRED, replies.get(0).code());

        String future = "{\"id\":\"c2\",\"issuedAt\":\"" + NOW.plusSeconds(60) + "\",\"expiresAt\":\""
                + NOW.plusSeconds(62) + "\"}";
        send(ROOT + "/cmd/ack/operator", future);
        assertEquals(ReasonCode.EXPIRED, replies.get(1).code());
        assertTrue(replies.get(1).message().contains("future"));
    }

    /** Expiry cannot be checked on an unsynchronized clock: resets and engineer commands wait for it. */
    @Test
    void whileThePodClockIsUnsynchronizedResetsAreRefusedAndAcknowledgementsStillTaken() {
        intake.setClockDoubt("kernel clock unsynchronized");
        send(ROOT + "/cmd/reset/operator", envelope("c1", null));
        assertEquals(1, replies.size());
        assertEquals(ReasonCode.CLOCK_UNSYNCHRONIZED, replies.get(0).code());
        assertTrue(replies.get(0).message().contains("kernel clock unsynchronized"), replies.get(0).message());
        assertEquals("CLOCK_UNSYNCHRONIZED", audit.get(0).details().get("code"), "audited");

        send(ROOT + "/cmd/ack/operator", envelope("c2", null));
        assertEquals(1, replies.size(), "an operate command is not refused for the clock");
        assertEquals(1, inbox.size());

        intake.setClockDoubt(null);
        send(ROOT + "/cmd/reset/operator", envelope("c1", null));
        assertEquals(1, replies.size(), "the same reset, once the clock is synchronized, is taken (not a duplicate)");
        assertEquals(2, inbox.size());
    }

    @Test
    void aRepeatedIdIsADuplicate() {
        send(ROOT + "/cmd/ack/operator", envelope("c1", null));
        send(ROOT + "/cmd/ack/operator", envelope("c1", null));
        assertEquals(1, replies.size());
        assertEquals(ReasonCode.DUPLICATE, replies.get(0).code());
    }

    @Test
    void aFloodIsRateLimitedAndTheInboxBoundHolds() {
        for (int i = 0; i < 20; i++) {
            send(ROOT + "/cmd/ack/operator", envelope("f" + i, null));
        }
        assertEquals(4, inbox.size(), "bounded");
        assertEquals(16, replies.size());
        assertTrue(replies.stream().allMatch(r -> r.code() == ReasonCode.BUSY));
    }
}
