package io.podctl.controller.bootstrap;

import io.podctl.config.BusConfig;
import io.podctl.config.DeviceConfig;
import io.podctl.config.PodConfig;
import io.podctl.hal.Clock;
import io.podctl.hal.gpio.GpioPlatform;
import io.podctl.hal.modbus.ModbusBuses;
import io.podctl.hal.modbus.RegisterBus;
import io.podctl.hal.modbus.TcpBusSettings;
import io.podctl.hal.sim.MockGpioPlatform;
import io.podctl.hal.sim.SimPodSettings;
import io.podctl.hal.sim.SimulatedClockSync;
import io.podctl.hal.sim.SimulatedPod;
import io.podctl.hal.watchdog.SoftwareWatchdog;
import io.podctl.hal.watchdog.Watchdog;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The simulated pod as the controller's hardware: GPIO through Pi4J's mock provider (shared with the plant),
 * Modbus TCP to the plant's device servers on 127.0.0.1, and a software watchdog that drops the simulated
 * relays as a hardware watchdog would. The controller runs its production code path against it.
 *
 * <p>Each configured TCP bus is pointed at the plant's server of the device on it (matched by device id);
 * each RTU bus at the controller's end of the plant's simulated RS-485 line of the same id
 * ({@link #plantSettings}). The GPIO platform is the plant's wiring: it outlives the controller (a
 * restarted controller provisions its pins again), so closing this releases nothing; whoever created the
 * platform closes it.
 *
 * <p>Threading: start-up and shutdown only.
 */
public final class SimHardware implements Hardware {
    private final SimulatedPod plant;
    private final MockGpioPlatform gpio;
    private final SimulatedClockSync clockSync = new SimulatedClockSync();
    private Watchdog watchdog;

    /** The controller side of {@code plant}, whose pins are {@code gpio}. */
    public SimHardware(SimulatedPod plant, MockGpioPlatform gpio) {
        this.plant = plant;
        this.gpio = gpio;
    }

    @Override
    public GpioPlatform gpio() {
        return gpio;
    }

    /**
     * The simulated plant's settings for {@code config}: {@code base}, with every RTU bus of the pod file a
     * simulated RS-485 line whose slaves are the devices on it, at their configured unit ids.
     */
    public static SimPodSettings plantSettings(SimPodSettings base, PodConfig config) {
        SimPodSettings settings = base;
        for (BusConfig bus : config.buses()) {
            if (bus.isTcp()) {
                continue;
            }
            Map<String, Integer> units = new LinkedHashMap<>();
            for (DeviceConfig d : config.devices()) {
                if (d.bus().equals(bus.id())) {
                    units.put(d.id(), d.unitId());
                }
            }
            if (!units.isEmpty()) {
                settings = settings.withRtuLine(new SimPodSettings.RtuLine(bus.id(), BoardHardware.rtuSettings(bus),
                        units));
            }
        }
        return settings;
    }

    @Override
    public RegisterBus openBus(BusConfig bus, PodConfig config, Clock clock) {
        if (!bus.isTcp()) {
            // The plant serves this bus's devices on a simulated line of the same name (plantSettings).
            return ModbusBuses.rtu(BoardHardware.rtuSettings(bus).withPortName(plant.serialPort(bus.id())), clock);
        }
        List<DeviceConfig> onBus = config.devices().stream().filter(d -> d.bus().equals(bus.id())).toList();
        if (onBus.size() != 1) {
            throw new IllegalArgumentException("bus " + bus.id() + ": the simulated pod serves one device per bus, found "
                    + onBus.size());
        }
        String deviceId = onBus.get(0).id();
        if (!plant.deviceIds().contains(deviceId)) {
            throw new IllegalArgumentException("the simulated pod has no device '" + deviceId + "' (it has "
                    + plant.deviceIds() + ")");
        }
        InetSocketAddress endpoint = plant.endpoint(deviceId);
        return ModbusBuses.tcp(TcpBusSettings.of(endpoint.getHostString(), endpoint.getPort())
                .withTransactionDeadline(bus.timeout()), clock);
    }

    /**
     * Timeout of the simulated pod's software watchdog, the layer below the output supervisor (for a process
     * that stopped entirely): above the supervisor's default stall timeout ({@code loop.stallTimeout}, 1 s).
     */
    public static final Duration WATCHDOG_TIMEOUT = Duration.ofSeconds(2);

    @Override
    public synchronized Watchdog watchdog(Runnable forceOutputsSafe, Clock clock) {
        if (watchdog == null) {
            // The simulated relays drop out, whatever the controller last commanded.
            watchdog = new SoftwareWatchdog(WATCHDOG_TIMEOUT, () -> {
                forceOutputsSafe.run();
                gpio.forceOutputsDeEnergized();
            }, clock).start();
        }
        return watchdog;
    }

    /** The simulated clock synchronization: synchronized until a test says otherwise. */
    @Override
    public SimulatedClockSync clockSync() {
        return clockSync;
    }

    @Override
    public String describe() {
        return plant.settings().rtuLines().isEmpty()
                ? "simulated pod (Modbus TCP on 127.0.0.1, Pi4J mock GPIO, software watchdog)"
                : "simulated pod (Modbus TCP on 127.0.0.1, Modbus RTU on simulated RS-485 lines, Pi4J mock GPIO,"
                        + " software watchdog)";
    }

    @Override
    public synchronized void close() {
        if (watchdog != null) {
            watchdog.close();
            watchdog = null;
        }
    }
}
