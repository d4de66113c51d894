package io.podctl.controller.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.podctl.controller.testing.ChildJvm;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * SIGHUP handling. The coalescing logic is driven directly; the real signal is sent with {@code kill -HUP} to a
 * child JVM started with SIGHUP at its default disposition, so the test does not depend on how the test JVM
 * itself was started (a JVM launched with SIGHUP ignored cannot handle it).
 */
class SighupWatcherTest {
    private static final Duration DEADLINE = Duration.ofSeconds(10);

    @Test
    void hangupsDuringACallbackCoalesceIntoOneMoreCall() throws Exception {
        CountDownLatch inCallback = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger calls = new AtomicInteger();
        SighupWatcher w = SighupWatcher.unattached(() -> {
            if (calls.incrementAndGet() == 1) {
                inCallback.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        });
        try {
            w.hangup();
            assertTrue(inCallback.await(DEADLINE.toSeconds(), TimeUnit.SECONDS));
            for (int i = 0; i < 5; i++) {
                w.hangup();
            }
            release.countDown();
            Awaitility.await().atMost(DEADLINE).until(() -> calls.get() == 2);
            assertEquals(6, w.received());
            assertEquals(2, w.calls(), "five hangups during the callback make exactly one more call");
        } finally {
            w.close();
        }
    }

    @Test
    void aFailingCallbackDoesNotStopTheWatcher() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        SighupWatcher w = SighupWatcher.unattached(() -> {
            calls.incrementAndGet();
            throw new IllegalStateException("reload failed");
        });
        try {
            w.hangup();
            Awaitility.await().atMost(DEADLINE).until(() -> calls.get() == 1);
            w.hangup();
            Awaitility.await().atMost(DEADLINE).until(() -> calls.get() == 2);
        } finally {
            w.close();
        }
    }

    @Test
    void aRealSighupReachesTheCallbackOfARunningProcess() throws Exception {
        List<String> command = new ArrayList<>(List.of("env", "--default-signal=HUP"));
        command.addAll(ChildJvm.command(SighupChild.class, List.of(), List.of()));
        Process child = new ProcessBuilder(command).redirectErrorStream(true).start();
        List<String> lines = Collections.synchronizedList(new ArrayList<>());
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(child.getInputStream(),
                    StandardCharsets.UTF_8))) {
                String l;
                while ((l = r.readLine()) != null) {
                    lines.add(l);
                }
            } catch (IOException e) {
                lines.add(e.toString());
            }
        });
        reader.setDaemon(true);
        reader.start();
        try {
            Awaitility.await("child ready").atMost(DEADLINE).until(() -> lines.contains("ready"));
            assertEquals(0, new ProcessBuilder("kill", "-HUP", Long.toString(child.pid())).start().waitFor());
            Awaitility.await("reload called on the watcher thread").atMost(DEADLINE)
                    .until(() -> lines.contains("reload on " + SighupWatcher.THREAD_NAME));
            assertTrue(child.isAlive(), "SIGHUP no longer terminates the process: " + lines);
        } finally {
            child.destroyForcibly();
        }
    }

    /** The child: installs the watcher, says "ready", prints each reload and its thread. */
    public static final class SighupChild {
        public static void main(String[] args) throws Exception {
            SighupWatcher.install(() -> {
                System.out.println("reload on " + Thread.currentThread().getName());
                System.out.flush();
            });
            System.out.println("ready");
            System.out.flush();
            new CountDownLatch(1).await(60, TimeUnit.SECONDS);
        }
    }
}
