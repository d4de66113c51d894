package io.podctl.hal.sim;

import io.podctl.hal.clock.ClockSync;
import io.podctl.hal.clock.ClockSyncProbe;

/**
 * The simulated pod's clock synchronization: synchronized (a few milliseconds of error) until a test says
 * otherwise, as a rig whose NTP server goes away would.
 *
 * <p>Threading: thread-safe; the poke methods are for tests and the simulator only.
 */
public final class SimulatedClockSync implements ClockSyncProbe {
    private static final String SOURCE = "simulated";
    private volatile ClockSync reading = synchronizedReading();

    @Override
    public ClockSync read() {
        return reading;
    }

    /** Poke: the clock is (or is no longer) disciplined by a time source. */
    public void setSynchronized(boolean synced) {
        reading = synced ? synchronizedReading()
                : new ClockSync(ClockSync.State.UNSYNCHRONIZED, SOURCE, 16_000, 16_000,
                        "simulated: no time source reached");
    }

    /** Poke: the state cannot be read, because of {@code why}. */
    public void setUnreadable(String why) {
        reading = ClockSync.unknown(SOURCE, why);
    }

    private static ClockSync synchronizedReading() {
        return new ClockSync(ClockSync.State.SYNCHRONIZED, SOURCE, 5, 0.5, "simulated: synchronized");
    }
}
