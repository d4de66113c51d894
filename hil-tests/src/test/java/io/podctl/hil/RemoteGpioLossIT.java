package io.podctl.hil;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.podctl.config.BusConfig;
import io.podctl.config.ConfigLoader;
import io.podctl.config.LoadResult;
import io.podctl.config.PodConfig;
import io.podctl.controller.bootstrap.BoardHardware;
import io.podctl.controller.bootstrap.Hardware;
import io.podctl.controller.bootstrap.PodRuntime;
import io.podctl.controller.bootstrap.SimHardware;
import io.podctl.controller.safety.TripView;
import io.podctl.controller.state.PodMode;
import io.podctl.controller.testing.MosquittoBroker;
import io.podctl.controller.testing.TestMqttClient;
import io.podctl.hal.Clock;
import io.podctl.hal.clock.ClockSyncProbe;
import io.podctl.hal.gpio.GpioPlatform;
import io.podctl.hal.gpio.remote.RemoteGpioServer;
import io.podctl.hal.modbus.RegisterBus;
import io.podctl.hal.sim.SimPodSettings;
import io.podctl.hal.sim.SimulatedPod;
import io.podctl.hal.watchdog.SoftwareWatchdog;
import io.podctl.hal.watchdog.Watchdog;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The remote target's lost GPIO link, end to end in one JVM: the simulated plant's pins served by
 * {@link RemoteGpioServer} on 127.0.0.1, the production controller ({@link PodRuntime}) with the composition root's
 * remote GPIO ({@link BoardHardware} with {@code gpio.remote}) and the plant's Modbus devices, Mosquitto between the
 * controller and this test. Once the pod runs, the GPIO link drops: every leak input and the E-stop must turn
 * COMM_FAIL (never a stale "normal") and their protections trip at once (their bad-data action is the default,
 * {@code trip}), so the rack contactors open.
 */
class RemoteGpioLossIT {
    private static final Duration WAIT = Duration.ofSeconds(40);
    private static final String ROOT = "podctl/lab/pod1";
    private static final Set<String> SAFETY_INPUTS = Set.of("leak.rack1", "leak.rack2", "leak.rack3", "leak.rack4",
            "estop");
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The composition root's remote GPIO; the simulated pod's Modbus endpoints, clock and relay-dropping watchdog. */
    private record RemoteGpioHardware(BoardHardware board, SimHardware sim, RemoteGpioServer pins) implements Hardware {
        @Override
        public GpioPlatform gpio() {
            return board.gpio();
        }

        @Override
        public RegisterBus openBus(BusConfig bus, PodConfig config, Clock clock) {
            return sim.openBus(bus, config, clock);
        }

        @Override
        public Watchdog watchdog(Runnable forceOutputsSafe, Clock clock) {
            return new SoftwareWatchdog(SimHardware.WATCHDOG_TIMEOUT, () -> {
                forceOutputsSafe.run();
                pins.forceOutputsDeEnergized();
            }, clock).start();
        }

        @Override
        public ClockSyncProbe clockSync() {
            return sim.clockSync();
        }

        @Override
        public String describe() {
            return "simulated pod behind " + board.describe();
        }

        @Override
        public void close() {
            board.close();
            sim.close();
        }
    }

    @Test
    void aLostGpioLinkFailsTheSafetyInputsAndTripsTheirProtections() throws Exception {
        PodConfig config = ((LoadResult.Valid) new ConfigLoader().loadExample("sim-pod.yaml")).config();
        try (MosquittoBroker broker = MosquittoBroker.start();
             TestMqttClient mqtt = TestMqttClient.subscribe(broker.uri(), ROOT + "/#");
             RemoteGpioServer pins = RemoteGpioServer.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
             SimulatedPod plant = SimulatedPod.start(SimPodSettings.defaults(), pins, Clock.system())) {
            plant.startRealtime(Duration.ofMillis(10), 1.0);
            RemoteGpioHardware hardware = new RemoteGpioHardware(new BoardHardware(null, false, pins.endpoint()),
                    new SimHardware(plant, null), pins);
            PodRuntime.Options options = new PodRuntime.Options(List.of(broker.uri()), "remote-gpio-loss",
                    Files.createTempDirectory("podctl-remote-gpio"), "-remote-gpio", PodRuntime.Tuning.DEFAULT);
            try (PodRuntime runtime = PodRuntime.start(config, hardware, Clock.system(), options)) {
                await("every safety input GOOD over the network").atMost(WAIT).until(() -> runtime.state() != null
                        && runtime.state().safetyInputsGood());
                plant.setLocalResetPressed(true);
                await().atMost(WAIT).until(() -> runtime.state().mode() == PodMode.RUNNING);
                plant.setLocalResetPressed(false);
                int[] racks = {5, 6, 13, 19};
                await("every rack powered through the network").atMost(WAIT).until(() -> {
                    for (int pin : racks) {
                        if (!pins.outputLevel(pin)) {
                            return false;
                        }
                    }
                    return true;
                });
                mqtt.clear();

                pins.close(); // the link to the plant's GPIO drops (and is refused from now on)

                for (String input : SAFETY_INPUTS) {
                    mqtt.await(ROOT + "/points/" + input, p -> json(p).path("q").asText().equals("COMM_FAIL"), WAIT);
                }
                await("the protections of the failed inputs trip").atMost(WAIT).until(() -> runtime.state().trips()
                        .stream().map(TripView::id).collect(Collectors.toSet()).containsAll(SAFETY_INPUTS));
                assertTrue(runtime.state().mode() != PodMode.RUNNING, runtime.state().mode().toString());
                for (String input : SAFETY_INPUTS) {
                    JsonNode alarm = json(mqtt.await(ROOT + "/alarms/" + input,
                            p -> json(p).path("severity").asText().equals("trip"), WAIT).payload());
                    assertTrue(alarm.path("message").asText().contains("COMM_FAIL"), alarm.toString());
                }
                await("the rack contactors commanded open").atMost(WAIT).until(() -> runtime.state().outputs().stream()
                        .filter(o -> o.id().startsWith("rack")).noneMatch(o -> o.energized()));
            }
        }
    }

    private static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + text, e);
        }
    }
}
