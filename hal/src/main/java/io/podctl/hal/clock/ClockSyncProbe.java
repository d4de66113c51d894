package io.podctl.hal.clock;

import io.podctl.hal.clock.internal.AdjtimexProbe;

/**
 * Reads whether the wall clock is synchronized. A real implementation asks the kernel ({@link #kernel()}); the
 * simulated pod has its own ({@code io.podctl.hal.sim.SimulatedClockSync}).
 *
 * <p>Threading: {@link #read} may block briefly (a system call) and is called off the control loop, from one
 * thread at a time. It never throws: a failure is a {@link ClockSync.State#UNKNOWN} reading.
 */
public interface ClockSyncProbe {

    /** The synchronization state now. */
    ClockSync read();

    /**
     * The Linux kernel's own judgement, read with {@code adjtimex(2)} (modes 0: read only, no privilege needed):
     * unsynchronized when it returns {@code TIME_ERROR} or the status has {@code STA_UNSYNC}, which is what NTP
     * daemons (chrony, ntpd, systemd-timesyncd) clear while they discipline the clock, and what
     * {@code timedatectl}'s {@code NTPSynchronized} reports. Unknown on other systems.
     */
    static ClockSyncProbe kernel() {
        return new AdjtimexProbe();
    }
}
