package io.podctl.controller.testing;

import io.podctl.hal.watchdog.Watchdog;
import java.time.Duration;

/** A watchdog that counts its feeds and never expires: for loops stepped by hand. */
public final class CountingWatchdog implements Watchdog {
    private int feeds;

    /** Feeds so far. */
    public int feeds() {
        return feeds;
    }

    @Override
    public void feed() {
        feeds++;
    }

    @Override
    public Duration timeout() {
        return Duration.ofSeconds(1);
    }

    @Override
    public void close() {
    }
}
