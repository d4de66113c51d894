package io.podctl.controller.mqtt.sparkplug;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.podctl.controller.commands.InboundMessage;
import io.podctl.controller.mqtt.sparkplug.internal.SparkplugPayload;
import io.podctl.controller.mqtt.sparkplug.internal.SparkplugPayload.Metric;
import io.podctl.controller.testing.SparkplugSchema;
import io.podctl.hal.ManualClock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Our hand-written encoder checked with protobuf-java over the Sparkplug B schema, and the reverse. */
class SparkplugPayloadTest {

    @Test
    void everyDataTypeQualityNullAndHistoricalDecodeWithProtobufJava() {
        byte[] bytes = SparkplugPayload.encode(1_790_000_000_123L, 255, List.of(
                new Metric("bdSeq", 0, SparkplugPayload.INT64, false, 7L, null),
                new Metric("supplyTemp", 1_790_000_000_100L, SparkplugPayload.DOUBLE, false, 31.25,
                        SparkplugPayload.QUALITY_GOOD),
                new Metric("flow", 0, SparkplugPayload.DOUBLE, false, null, SparkplugPayload.QUALITY_STALE),
                new Metric("Inputs/leak.rack1", 5, SparkplugPayload.BOOLEAN, false, true, 0),
                new Metric("Event", 9, SparkplugPayload.STRING, true, "{\"seq\":1}", null),
                new Metric("Loop/Overruns", 0, SparkplugPayload.INT64, false, -1L, null),
                new Metric("count", 0, SparkplugPayload.INT32, false, 42, null)));
        SparkplugSchema.Payload p = SparkplugSchema.decode(bytes);
        assertEquals(1_790_000_000_123L, p.timestamp());
        assertEquals(255, p.seq());
        assertEquals(7L, p.metric("bdSeq").value());
        assertEquals(4, p.metric("bdSeq").datatype());
        SparkplugSchema.Metric temp = p.metric("supplyTemp");
        assertEquals(31.25, temp.value());
        assertEquals(10, temp.datatype());
        assertEquals(1_790_000_000_100L, temp.timestamp());
        assertEquals(192, temp.properties().get("Quality"));
        SparkplugSchema.Metric flow = p.metric("flow");
        assertTrue(flow.isNull());
        assertNull(flow.value());
        assertEquals(500, flow.properties().get("Quality"));
        assertEquals(true, p.metric("Inputs/leak.rack1").value());
        assertEquals(0, p.metric("Inputs/leak.rack1").properties().get("Quality"));
        assertTrue(p.metric("Event").historical());
        assertFalse(p.metric("supplyTemp").historical());
        assertEquals("{\"seq\":1}", p.metric("Event").value());
        assertEquals(-1L, p.metric("Loop/Overruns").value(), "two's complement in uint64");
        assertEquals(42, p.metric("count").value());
    }

    @Test
    void aDeathPayloadHasNoSeq() {
        SparkplugSchema.Payload p = SparkplugSchema.decode(SparkplugPayload.encode(5, -1,
                List.of(new Metric("bdSeq", 0, SparkplugPayload.INT64, false, 3L, null))));
        assertEquals(-1, p.seq());
        assertEquals(3L, p.metric("bdSeq").value());
    }

    @Test
    void decodesCommandsWrittenByProtobufJava() {
        SparkplugPayload.Decoded d = SparkplugPayload.decode(SparkplugSchema.command(1234, "Node Control/Rebirth",
                true));
        assertEquals(1234, d.timestamp());
        assertEquals("Node Control/Rebirth", d.metrics().get(0).name());
        assertEquals(Boolean.TRUE, d.metrics().get(0).value());
        d = SparkplugPayload.decode(SparkplugSchema.command(1, "Commands/ack", "cdu.flow.low"));
        assertEquals("cdu.flow.low", d.metrics().get(0).value());
        assertThrows(IllegalArgumentException.class, () -> SparkplugPayload.decode(new byte[] {0x12, 0x7F, 1}));
    }

    @Test
    void metricWritesBecomeCommandEnvelopesUnderTheConfiguredIdentity() {
        List<InboundMessage> seen = new ArrayList<>();
        Instant now = Instant.parse("2026-11-27T10:00:00Z");
        SparkplugCommands c = new SparkplugCommands("lab", "pod1", "podctl/lab/pod1", "scada", seen::add,
                new ManualClock(0, now));
        assertEquals(List.of("spBv1.0/lab/NCMD/pod1", "spBv1.0/lab/DCMD/pod1/+"), c.subscriptions());
        c.onMessage(new InboundMessage("spBv1.0/lab/NCMD/pod1",
                SparkplugSchema.command(now.toEpochMilli(), "Node Control/Rebirth", true), 1, false));
        c.onMessage(new InboundMessage("spBv1.0/lab/NCMD/pod1",
                SparkplugSchema.command(now.toEpochMilli(), "Commands/ack", "a-1"), 1, true));
        c.onMessage(new InboundMessage("spBv1.0/lab/NCMD/pod1", "garbage".getBytes(StandardCharsets.UTF_8), 1,
                false));
        assertEquals(3, seen.size());
        assertEquals("podctl/lab/pod1/cmd/rebirth/scada", seen.get(0).topic());
        String envelope = new String(seen.get(0).payload(), StandardCharsets.UTF_8);
        assertTrue(envelope.contains("\"issuedAt\":\"2026-11-27T10:00:00Z\""), envelope);
        assertTrue(envelope.contains("\"expiresAt\":\"2026-11-27T10:00:05Z\""), envelope);
        assertEquals("podctl/lab/pod1/cmd/ack/scada", seen.get(1).topic());
        assertTrue(new String(seen.get(1).payload(), StandardCharsets.UTF_8).contains("\"args\":{\"alarm\":\"a-1\"}"));
        assertTrue(seen.get(1).retained(), "the retained flag is kept so that the intake refuses it");
        assertEquals("podctl/lab/pod1/cmd/sparkplug/scada", seen.get(2).topic());
    }

    @Test
    void bdSeqIncrementsPerConnectionWrapsAndSurvivesARestart(@TempDir Path dir) {
        BdSeqStore store = new BdSeqStore(dir.resolve("bdseq"));
        assertEquals(-1, store.current());
        assertEquals(0, store.next());
        assertEquals(1, store.next());
        BdSeqStore again = new BdSeqStore(dir.resolve("bdseq"));
        assertEquals(2, again.next());
        for (int i = 3; i <= 255; i++) {
            again.next();
        }
        assertEquals(0, again.next(), "wraps after 255");
    }
}
