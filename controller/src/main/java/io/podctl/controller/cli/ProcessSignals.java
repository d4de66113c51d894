package io.podctl.controller.cli;

import java.util.concurrent.CountDownLatch;
import sun.misc.Signal;

/**
 * Turns SIGTERM and SIGINT (Ctrl-C) into an orderly stop that the main thread carries out, so that the
 * process exits 0 with its outputs safe and "offline" published, rather than running shutdown hooks against
 * a half-stopped JVM. A second signal while stopping is ignored; SIGKILL is what the hardware watchdog and
 * the MQTT Will are for.
 *
 * <p>Threading: handlers run on the JVM's signal thread and only count down a latch.
 */
final class ProcessSignals {
    private final CountDownLatch stop = new CountDownLatch(1);
    private volatile String received = "";

    /** Installs handlers for TERM and INT. */
    static ProcessSignals install() {
        ProcessSignals s = new ProcessSignals();
        for (String name : new String[] {"TERM", "INT"}) {
            try {
                Signal.handle(new Signal(name), sig -> {
                    s.received = "SIG" + sig.getName();
                    s.stop.countDown();
                });
            } catch (IllegalArgumentException e) {
                // The signal is not available on this platform (or reserved by the JVM); keep the default.
            }
        }
        return s;
    }

    /** Blocks the calling (main) thread until a stop signal arrives. */
    void awaitStop() throws InterruptedException {
        stop.await();
    }

    /** Asks for a stop as a signal would (e.g. the live view's "quit"). */
    void requestStop(String why) {
        received = why;
        stop.countDown();
    }

    /** What caused the stop. */
    String reason() {
        return received;
    }
}
