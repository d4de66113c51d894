package io.podctl.controller.mqtt;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.podctl.sensors.PointDescriptor;
import io.podctl.sensors.Quality;
import io.podctl.sensors.SampleBoard;
import io.podctl.sensors.Snapshot;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The point encoder writes what the contract's Jackson tree wrote, byte for byte. */
class PointJsonTest {
    private static final long SEED = 20261208L;
    private static final double[] EDGES = {0.0, -0.0, 1.0, -1.0, 0.1, 34.8, 230.1, 65535.0, 9999999.0, 10000000.0,
        -9999999.0, -10000000.0, 1e-3, 1.0e-7, 2.35e-41, 1e21, 123456789.125, Double.MIN_VALUE, Double.MAX_VALUE,
        4294967295.0, -2147483648.0, Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY};
    private static final long[] TIMES = {0L, 1L, 999L, 1000L, 1_765_000_000_000L, 1_765_000_000_120L,
        1_765_000_000_007L, 1_765_000_000_999L, 253_402_300_799_999L, 253_402_300_800_000L, -1L, -1001L};

    private final ObjectMapper json = new ObjectMapper();
    private final SampleBoard board = new SampleBoard(List.of(
            new PointDescriptor("cdu.supplyTemp", "degC", Duration.ofDays(1), false),
            new PointDescriptor("u1.hr0", "", Duration.ofDays(1), false),
            new PointDescriptor("odd", "°C \"quoted\" \\ µ", Duration.ofDays(1), false)));
    private final Snapshot snapshot = board.newSnapshot();
    private final PointJson encoder = new PointJson("bench/podctl", json);

    /** The encoding the topic contract was written with. */
    private String tree(Snapshot s, int i) throws Exception {
        ObjectNode n = json.createObjectNode();
        n.putNull("v");
        n.put("u", s.descriptor(i).unit());
        n.put("q", s.quality(i).name());
        n.put("ts", s.received(i) ? Instant.ofEpochMilli(s.wallMillis(i)).toString() : null);
        if (s.quality(i) == Quality.GOOD) {
            n.put("v", s.goodValue(i));
        }
        return new String(json.writeValueAsBytes(n), StandardCharsets.UTF_8);
    }

    private void check(int i, double value, Quality q, long wallMillis) throws Exception {
        board.publish(i, value, q, 0, wallMillis);
        board.snapshot(0, snapshot);
        assertEquals(tree(snapshot, i), new String(encoder.payload(snapshot, i), StandardCharsets.UTF_8),
                () -> "value " + value + ", " + q + ", at " + wallMillis);
    }

    @Test
    void edgeValuesAndTimesEncodeLikeTheTree() throws Exception {
        for (int i = 0; i < board.size(); i++) {
            for (double v : EDGES) {
                for (long t : TIMES) {
                    check(i, v, Quality.GOOD, t);
                }
            }
            for (Quality q : Quality.values()) {
                check(i, 12.5, q, TIMES[5]);
            }
        }
    }

    @Test
    void aPointNeverSampledHasNoValueAndNoTime() throws Exception {
        board.snapshot(0, snapshot);
        for (int i = 0; i < board.size(); i++) {
            assertEquals(tree(snapshot, i), new String(encoder.payload(snapshot, i), StandardCharsets.UTF_8));
        }
    }

    @Test
    void seededValuesAndTimesEncodeLikeTheTree() throws Exception {
        Random random = new Random(SEED);
        long wall = 1_765_000_000_000L;
        for (int k = 0; k < 20_000; k++) {
            double v = switch (k % 5) {
                case 0 -> random.nextInt(65536);                                  // a uint16 register
                case 1 -> Math.round(random.nextGaussian() * 1000) / 10.0;          // a scaled int16, one decimal
                case 2 -> (float) (random.nextDouble() * 500);                     // a float32
                case 3 -> random.nextLong() / (double) (1L << random.nextInt(63)); // any magnitude
                default -> Double.longBitsToDouble(random.nextLong());              // any double at all
            };
            wall += random.nextInt(3000);
            Quality q = k % 17 == 0 ? Quality.values()[random.nextInt(Quality.values().length)] : Quality.GOOD;
            check(k % board.size(), v, q, wall);
        }
    }

    @Test
    void topicsAreUnderThePointsLevel() {
        board.snapshot(0, snapshot);
        assertEquals("bench/podctl/points/cdu.supplyTemp", encoder.topic(snapshot, 0));
        assertEquals("bench/podctl/points/odd", encoder.topic(snapshot, 2));
    }
}
