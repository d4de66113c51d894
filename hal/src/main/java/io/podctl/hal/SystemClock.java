package io.podctl.hal;

import java.time.Instant;

/** The JVM's monotonic and wall clocks. Stateless and thread-safe. */
final class SystemClock implements Clock {
    static final SystemClock INSTANCE = new SystemClock();

    private SystemClock() {
    }

    @Override
    public long nanoTime() {
        return System.nanoTime();
    }

    @Override
    public Instant now() {
        return Instant.now();
    }

    @Override
    public long wallMillis() {
        return System.currentTimeMillis();
    }
}
