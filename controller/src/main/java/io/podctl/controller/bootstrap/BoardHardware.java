package io.podctl.controller.bootstrap;

import io.podctl.config.BusConfig;
import io.podctl.config.PodConfig;
import io.podctl.hal.Clock;
import io.podctl.hal.clock.ClockSyncProbe;
import io.podctl.hal.gpio.GpioPlatform;
import io.podctl.hal.gpio.Pi4jGpio;
import io.podctl.hal.gpio.remote.RemoteGpioPlatform;
import io.podctl.hal.modbus.ModbusBuses;
import io.podctl.hal.modbus.RegisterBus;
import io.podctl.hal.modbus.RtuBusSettings;
import io.podctl.hal.modbus.TcpBusSettings;
import io.podctl.hal.sim.MockGpioPlatform;
import io.podctl.hal.watchdog.LinuxWatchdog;
import io.podctl.hal.watchdog.SoftwareWatchdog;
import io.podctl.hal.watchdog.Watchdog;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The pod controller board: Pi4J's gpiod provider, Modbus TCP and RTU over j2mod, and the Linux hardware
 * watchdog when one is configured. For a machine without the pod's GPIO (a bench, a laptop talking to real Modbus
 * devices) the GPIO can be Pi4J's mock provider instead: inputs then stay at their rest level and outputs drive
 * nothing, which the start event and the log say. On a HIL rig the pins can be a simulated plant's, served over
 * the network ({@code gpio.remote}, {@link RemoteGpioPlatform}).
 *
 * <p>Threading: start-up and shutdown only.
 */
public final class BoardHardware implements Hardware {
    private static final Logger log = LoggerFactory.getLogger(BoardHardware.class);
    /** How long start-up waits for a remote GPIO server before going on with failed inputs. */
    private static final Duration REMOTE_FIRST_LINK = Duration.ofSeconds(3);

    private final Path watchdogDevice;
    private final boolean mockGpio;
    private final InetSocketAddress remoteGpio;
    private GpioPlatform gpio;
    private Watchdog watchdog;

    /**
     * @param watchdogDevice the hardware watchdog device (e.g. {@code /dev/watchdog}), or null to run with a
     *                       software watchdog only
     */
    public BoardHardware(Path watchdogDevice) {
        this(watchdogDevice, false);
    }

    /**
     * @param watchdogDevice the hardware watchdog device, or null to run with a software watchdog only
     * @param mockGpio       GPIO through Pi4J's mock provider instead of the board's (nothing is read or driven)
     */
    public BoardHardware(Path watchdogDevice, boolean mockGpio) {
        this(watchdogDevice, mockGpio, null);
    }

    /**
     * @param watchdogDevice the hardware watchdog device, or null to run with a software watchdog only
     * @param mockGpio       GPIO through Pi4J's mock provider instead of the board's (nothing is read or driven)
     * @param remoteGpio     a simulated plant's remote GPIO server to use instead of the board's pins, or null
     */
    public BoardHardware(Path watchdogDevice, boolean mockGpio, InetSocketAddress remoteGpio) {
        this.watchdogDevice = watchdogDevice;
        this.mockGpio = mockGpio;
        this.remoteGpio = remoteGpio;
    }

    @Override
    public synchronized GpioPlatform gpio() {
        if (gpio == null) {
            if (mockGpio) {
                log.warn("GPIO through Pi4J's mock provider: inputs stay at their rest level, outputs drive nothing");
                gpio = MockGpioPlatform.create();
            } else if (remoteGpio != null) {
                gpio = RemoteGpioPlatform.connect(remoteGpio, REMOTE_FIRST_LINK);
            } else {
                gpio = Pi4jGpio.board();
            }
        }
        return gpio;
    }

    @Override
    public RegisterBus openBus(BusConfig bus, PodConfig config, Clock clock) {
        return openConfiguredBus(bus, clock);
    }

    /** Opens a bus exactly as configured. */
    public static RegisterBus openConfiguredBus(BusConfig bus, Clock clock) {
        if (bus.isTcp()) {
            return ModbusBuses.tcp(TcpBusSettings.of(bus.tcp().host(), bus.tcp().port())
                    .withTransactionDeadline(bus.timeout()), clock);
        }
        return ModbusBuses.rtu(rtuSettings(bus), clock);
    }

    /** The serial settings of RTU bus {@code bus}, as configured. */
    static RtuBusSettings rtuSettings(BusConfig bus) {
        BusConfig.Rtu rtu = bus.rtu();
        return new RtuBusSettings(rtu.port(), rtu.baud(), RtuBusSettings.Parity.valueOf(rtu.parity().name()),
                rtu.dataBits(), rtu.stopBits(), bus.timeout());
    }

    @Override
    public synchronized Watchdog watchdog(Runnable forceOutputsSafe, Clock clock) {
        if (watchdog == null) {
            if (watchdogDevice != null) {
                try {
                    watchdog = LinuxWatchdog.open(watchdogDevice, LinuxWatchdog.DEFAULT_TIMEOUT_FILE,
                            Duration.ofSeconds(15));
                } catch (IOException e) {
                    throw new IllegalStateException("cannot open the hardware watchdog " + watchdogDevice + ": " + e, e);
                }
            } else {
                log.warn("no hardware watchdog configured (safety.watchdogDevice): a dead process or board will not"
                        + " be caught by the board; running a software watchdog only");
                watchdog = new SoftwareWatchdog(Duration.ofSeconds(2), forceOutputsSafe, clock).start();
            }
        }
        return watchdog;
    }

    @Override
    public ClockSyncProbe clockSync() {
        return ClockSyncProbe.kernel();
    }

    @Override
    public String describe() {
        return "board (" + (mockGpio ? "mock GPIO: inputs at rest, outputs drive nothing"
                : remoteGpio != null ? "remote GPIO " + remoteGpio.getHostString() + ":" + remoteGpio.getPort() : "gpiod")
                + (watchdogDevice != null ? ", " + watchdogDevice : ", software watchdog") + ")";
    }

    @Override
    public synchronized void close() {
        if (gpio != null) {
            gpio.close();
            gpio = null;
        }
    }
}
