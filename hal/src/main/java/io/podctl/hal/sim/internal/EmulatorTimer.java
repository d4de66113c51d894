package io.podctl.hal.sim.internal;

import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The timer of one emulator: sends delayed reply chunks (late replies, dribbled bytes). Its single daemon
 * thread ({@code sim-timer-<name>}) exists only while something is scheduled and for a second after, so an
 * emulator without delivery faults runs no timer thread at all. Its queue is bounded by the outboxes that
 * feed it (each holds at most {@value Outbox#MAX_PENDING} chunks here).
 *
 * <p>Threading: thread-safe.
 */
public final class EmulatorTimer implements AutoCloseable {
    private final ScheduledThreadPoolExecutor executor;

    public EmulatorTimer(String name) {
        executor = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "sim-timer-" + name);
            t.setDaemon(true);
            return t;
        });
        executor.setKeepAliveTime(1, TimeUnit.SECONDS);
        executor.allowCoreThreadTimeOut(true);
        executor.setRemoveOnCancelPolicy(true);
        executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
    }

    /** The executor to schedule on. */
    public ScheduledExecutorService get() {
        return executor;
    }

    /** Drops everything pending and stops the thread. Idempotent. */
    @Override
    public void close() {
        executor.shutdownNow();
    }
}
