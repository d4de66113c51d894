package io.podctl.controller.bootstrap;

import io.podctl.config.BusConfig;
import io.podctl.config.PodConfig;
import io.podctl.hal.Clock;
import io.podctl.hal.clock.ClockSyncProbe;
import io.podctl.hal.gpio.GpioPlatform;
import io.podctl.hal.modbus.RegisterBus;
import io.podctl.hal.notify.ServiceNotifier;
import io.podctl.hal.notify.ServiceWatchdog;
import io.podctl.hal.watchdog.Watchdog;
import java.util.Objects;

/**
 * Any {@link Hardware} whose watchdog also pings the service manager's watchdog (systemd's {@code WatchdogSec=}) from
 * the same feed, when the manager watches this process: the loop then proves itself to the board's watchdog and to
 * systemd in one place, and a stalled loop silences both. Everything else is the wrapped hardware's.
 *
 * <p>Threading: as {@link Hardware}: start-up and shutdown only.
 */
public final class ServiceManagedHardware implements Hardware {
    private final Hardware hardware;
    private final ServiceNotifier notifier;

    /**
     * @param hardware the board's (or the simulation's) hardware
     * @param notifier the service manager, or {@link ServiceNotifier#NONE}
     */
    public ServiceManagedHardware(Hardware hardware, ServiceNotifier notifier) {
        this.hardware = Objects.requireNonNull(hardware, "hardware");
        this.notifier = Objects.requireNonNull(notifier, "notifier");
    }

    @Override
    public GpioPlatform gpio() {
        return hardware.gpio();
    }

    @Override
    public RegisterBus openBus(BusConfig bus, PodConfig config, Clock clock) {
        return hardware.openBus(bus, config, clock);
    }

    @Override
    public Watchdog watchdog(Runnable forceOutputsSafe, Clock clock) {
        return ServiceWatchdog.around(hardware.watchdog(forceOutputsSafe, clock), notifier, clock);
    }

    @Override
    public ClockSyncProbe clockSync() {
        return hardware.clockSync();
    }

    @Override
    public String describe() {
        return hardware.describe() + "; " + notifier.describe();
    }

    @Override
    public void close() {
        hardware.close();
    }
}
