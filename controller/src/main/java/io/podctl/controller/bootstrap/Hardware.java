package io.podctl.controller.bootstrap;

import io.podctl.config.BusConfig;
import io.podctl.config.PodConfig;
import io.podctl.hal.Clock;
import io.podctl.hal.clock.ClockSyncProbe;
import io.podctl.hal.gpio.GpioPlatform;
import io.podctl.hal.modbus.RegisterBus;
import io.podctl.hal.watchdog.Watchdog;

/**
 * Where the controller's I/O goes: the board's real hardware, or the simulated pod. This is the one seam
 * between the firmware and the plant; everything above it is the same code in both cases.
 *
 * <p>Threading: called from the composition root during start-up and shutdown only.
 */
public interface Hardware extends AutoCloseable {

    /** The GPIO platform (created on first use). */
    GpioPlatform gpio();

    /** Opens the Modbus bus described by {@code bus}. */
    RegisterBus openBus(BusConfig bus, PodConfig config, Clock clock);

    /**
     * The watchdog that de-energizes the outputs when the loop stops feeding it.
     *
     * @param forceOutputsSafe what a software watchdog does on expiry (a hardware one resets the board)
     */
    Watchdog watchdog(Runnable forceOutputsSafe, Clock clock);

    /** Whether the wall clock is synchronized: the kernel's judgement on a board, the simulation's in a sim. */
    ClockSyncProbe clockSync();

    /** A short description for the log, e.g. "board: gpiod, /dev/watchdog". */
    String describe();

    /** Releases the hardware (GPIO outputs go de-energized). */
    @Override
    void close();
}
