package io.podctl.controller.cli;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import sun.misc.Signal;

/** SIGHUP reaches the callback on the watcher's own thread, coalesced, and the watcher survives failures. */
class SighupWatcherTest {
    private static final Duration DEADLINE = Duration.ofSeconds(5);

    @Test
    void aRealSighupCallsTheCallbackOnTheWatcherThread() throws Exception {
        List<String> threads = new CopyOnWriteArrayList<>();
        CountDownLatch called = new CountDownLatch(1);
        try (SighupWatcher w = SighupWatcher.install(() -> {
            threads.add(Thread.currentThread().getName());
            called.countDown();
        })) {
            Signal.raise(new Signal("HUP"));

            assertTrue(called.await(DEADLINE.toSeconds(), TimeUnit.SECONDS), "the callback ran");
            assertEquals(List.of(SighupWatcher.THREAD_NAME), threads);
            assertEquals(1, w.received());
        }
    }

    @Test
    void signalsDuringACallbackCoalesceIntoOneMoreCall() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch firstStarted = new CountDownLatch(1);
        AtomicInteger calls = new AtomicInteger();
        SighupWatcher w = SighupWatcher.install(() -> {
            calls.incrementAndGet();
            firstStarted.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        try {
            Signal.raise(new Signal("HUP"));
            assertTrue(firstStarted.await(DEADLINE.toSeconds(), TimeUnit.SECONDS));
            for (int i = 2; i <= 4; i++) {
                // One at a time: the kernel merges a signal with one of its kind still pending.
                Signal.raise(new Signal("HUP"));
                long expected = i;
                await().atMost(DEADLINE).until(() -> w.received() == expected);
            }

            release.countDown();

            await().atMost(DEADLINE).until(() -> calls.get() == 2);
        } finally {
            release.countDown();
            assertTrue(w.close(5, TimeUnit.SECONDS), "the watcher thread ended");
        }
        assertEquals(2, calls.get(), "three signals during one call make exactly one more call");
        assertEquals(2, w.calls());
    }

    @Test
    void aFailingCallbackDoesNotStopTheWatcher() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        try (SighupWatcher w = SighupWatcher.install(() -> {
            if (calls.incrementAndGet() == 1) {
                throw new IllegalStateException("reload failed");
            }
        })) {
            w.hangup();
            await().atMost(DEADLINE).until(() -> calls.get() == 1);
            w.hangup();
            await().atMost(DEADLINE).until(() -> calls.get() == 2);
        }
    }

    @Test
    void closingRestoresThePreviousHandler() throws Exception {
        CountDownLatch previous = new CountDownLatch(1);
        var original = Signal.handle(new Signal("HUP"), sig -> previous.countDown());
        try {
            AtomicInteger calls = new AtomicInteger();
            SighupWatcher w = SighupWatcher.install(calls::incrementAndGet);
            assertTrue(w.close(5, TimeUnit.SECONDS));

            Signal.raise(new Signal("HUP"));

            assertTrue(previous.await(DEADLINE.toSeconds(), TimeUnit.SECONDS), "the earlier handler is back");
            assertEquals(0, calls.get());
        } finally {
            Signal.handle(new Signal("HUP"), original);
        }
    }
}
