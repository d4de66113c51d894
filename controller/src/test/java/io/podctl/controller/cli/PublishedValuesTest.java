package io.podctl.controller.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.podctl.controller.mqtt.sparkplug.internal.SparkplugPayload;
import io.podctl.controller.mqtt.sparkplug.internal.SparkplugPayload.Metric;
import io.podctl.controller.testing.SparkplugSchema;
import io.podctl.hal.modbus.RegisterTable;
import io.podctl.sensors.PointDescriptor;
import io.podctl.sensors.Quality;
import io.podctl.sensors.SampleBoard;
import io.podctl.sensors.Snapshot;
import io.podctl.sensors.modbus.ModbusPointSpec;
import io.podctl.sensors.modbus.PointDecoder;
import io.podctl.sensors.modbus.PointType;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * One value, one text: a scaled register is rounded where its engineering value is made, so the MQTT point
 * payload, the Sparkplug metric, the sim's status view and {@code podctl probe} (which prints
 * {@link Double#toString}, see ProbeCommandIT) all show the decimal the device meant.
 */
class PublishedValuesTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @ParameterizedTest(name = "{0} x {1} -> {2}")
    @CsvSource({"348, 0.1, 34.8", "424, 0.1, 42.4", "5978, 0.1, 597.8", "-32768, 0.001, -32.768", "7, 0.01, 0.07",
            "3300, 0.1, 330.0"})
    void mqttSparkplugAndTheStatusViewShowTheSameDecimal(int raw, double scale, String meant) throws Exception {
        ModbusPointSpec spec = ModbusPointSpec.of("cdu.supplyTemp", RegisterTable.INPUT_REGISTER, 0, PointType.INT16)
                .withScale(scale, 0);
        double value = PointDecoder.decode(spec, new int[] {raw & 0xFFFF}, 0);
        SampleBoard board = new SampleBoard(List.of(new PointDescriptor("cdu.supplyTemp", "degC",
                Duration.ofSeconds(1), false)));
        board.publish(0, value, Quality.GOOD, 0, 1_790_000_000_000L);
        Snapshot snapshot = board.newSnapshot();
        board.snapshot(0, snapshot);

        ObjectNode payload = JSON.createObjectNode();
        payload.put("v", snapshot.goodValue(0)); // as PodPublisher writes a point
        assertEquals("{\"v\":" + meant + "}", JSON.writeValueAsString(payload), "MQTT point payload");

        byte[] sparkplug = SparkplugPayload.encode(1, 0, List.of(new Metric("supplyTemp", 1, SparkplugPayload.DOUBLE,
                false, snapshot.goodValue(0), SparkplugPayload.QUALITY_GOOD)));
        Object metric = SparkplugSchema.decode(sparkplug).metric("supplyTemp").value();
        assertEquals(Double.parseDouble(meant), metric, "the Sparkplug double is the decimal's nearest double");
        assertEquals(meant, metric.toString());

        String line = StatusView.formatPoint(snapshot, 0);
        assertTrue(line.contains(" " + meant + " degC"), "status view: " + line);

        assertEquals(meant, Double.toString(value), "podctl probe");
    }
}
