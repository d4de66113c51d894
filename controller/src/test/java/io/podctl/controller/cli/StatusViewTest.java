package io.podctl.controller.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.podctl.controller.mqtt.LinkStatus;
import io.podctl.controller.state.LoopTimingView;
import io.podctl.controller.state.PodMode;
import io.podctl.controller.state.PodStateView;
import io.podctl.hal.ManualClock;
import io.podctl.sensors.DeviceHealth;
import io.podctl.sensors.DeviceStatus;
import io.podctl.sensors.PointDescriptor;
import io.podctl.sensors.Quality;
import io.podctl.sensors.TextBoard;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class StatusViewTest {

    @Test
    void devicesShowTheirTextPointsAndBadTextShowsItsQuality() {
        ManualClock clock = new ManualClock();
        TextBoard texts = new TextBoard(List.of(
                new PointDescriptor("cdu.serialNumber", "", Duration.ofMinutes(3), false),
                new PointDescriptor("cdu.firmwareVersion", "", Duration.ofMinutes(3), false),
                new PointDescriptor("meter.serial", "", Duration.ofMinutes(3), false)));
        texts.publish(0, "PCDU-0412", Quality.GOOD, clock.nanoTime(), 0);
        texts.publish(1, null, Quality.COMM_FAIL, clock.nanoTime(), 0);
        StatusView view = new StatusView(new PrintStream(new ByteArrayOutputStream()),
                new StatusView.Screen("pod", List.of(), List::of), new StatusView.Sources(
                        () -> new LinkStatus(true, "tcp://127.0.0.1:1883", 1, 0, 0, 0, 0, 0, ""), texts, clock));
        view.onState(new PodStateView(PodMode.RUNNING, "", Instant.EPOCH, true, List.of(), List.of(), List.of(),
                List.of(new DeviceStatus("cdu", DeviceHealth.ONLINE, "ok", 1, 0, 0, 0, 0)),
                new LoopTimingView(100_000, 1, 0, 0, 0, 0, 0, 0, ""), "", List.of(), List.of(), List.of(), List.of(),
                Double.NaN, List.of()));

        String screen = view.render().replaceAll("\u001b\\[[0-9;]*m", "");

        assertTrue(screen.contains("  cdu  serialNumber PCDU-0412  firmwareVersion COMM_FAIL\n"), screen);
        assertTrue(screen.contains("  meter  serial NO_DATA\n"), screen);
    }
}
