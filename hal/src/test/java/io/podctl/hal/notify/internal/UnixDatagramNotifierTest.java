package io.podctl.hal.notify.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.podctl.hal.notify.ServiceNotifier;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The sd_notify datagrams, received on a real Unix datagram socket as systemd would receive them. */
class UnixDatagramNotifierTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    @TempDir
    Path dir;

    @Test
    void sendsEachNotificationAsOneDatagramToASocketFile() throws Exception {
        try (UnixDatagramReceiver manager = UnixDatagramReceiver.atPath(dir.resolve("notify"));
             ServiceNotifier notifier = ServiceNotifier.fromEnvironment(
                     Map.of(ServiceNotifier.SOCKET_VARIABLE, manager.socketName()), 42)) {
            notifier.ready("mode RUNNING");
            notifier.watchdog();
            notifier.stopping("stopping: SIGTERM\nreceived");
            assertEquals("READY=1\nSTATUS=mode RUNNING", manager.next(WAIT).text());
            assertEquals("WATCHDOG=1", manager.next(WAIT).text());
            assertEquals("STOPPING=1\nSTATUS=stopping: SIGTERM received", manager.next(WAIT).text());
        }
    }

    @Test
    void reachesAnAbstractSocketNamedWithAnAt() throws Exception {
        try (UnixDatagramReceiver manager = UnixDatagramReceiver.abstractName("podctl-test-" + UUID.randomUUID());
             ServiceNotifier notifier = ServiceNotifier.fromEnvironment(
                     Map.of(ServiceNotifier.SOCKET_VARIABLE, manager.socketName()), 42)) {
            notifier.status("mode STARTING");
            assertEquals("STATUS=mode STARTING", manager.next(WAIT).text());
        }
    }

    @Test
    void anAbstractAddressIsANulAndTheNameWithoutATerminator() {
        byte[] addr = UnixDatagramNotifier.address("@ab");
        assertEquals(UnixDatagramNotifier.SUN_PATH_OFFSET + 3, addr.length);
        assertArrayEquals(new byte[] {0, 'a', 'b'}, java.util.Arrays.copyOfRange(addr, 2, 5));
        byte[] path = UnixDatagramNotifier.address("/r/n");
        assertArrayEquals(new byte[] {'/', 'r', '/', 'n', 0}, java.util.Arrays.copyOfRange(path, 2, 7));
    }

    @Test
    void aSocketThatNobodyReadsNeitherBlocksNorThrows() {
        try (ServiceNotifier notifier = ServiceNotifier.fromEnvironment(
                Map.of(ServiceNotifier.SOCKET_VARIABLE, dir.resolve("absent").toString()), 42)) {
            notifier.watchdog();
            assertEquals(1, ((UnixDatagramNotifier) notifier).failures());
        }
    }

    @Test
    void withoutNotifySocketNothingIsSent() {
        ServiceNotifier none = ServiceNotifier.fromEnvironment(Map.of(ServiceNotifier.WATCHDOG_USEC_VARIABLE, "2000000"),
                42);
        assertSame(ServiceNotifier.NONE, none);
        none.ready("ignored");
        assertEquals(Optional.empty(), none.watchdogTimeout());
    }

    @Test
    void theWatchdogTimeoutIsTakenOnlyWhenMeantForThisProcess() {
        assertEquals(Optional.of(Duration.ofMillis(2000)), ServiceNotifier.watchdogTimeout(
                Map.of(ServiceNotifier.WATCHDOG_USEC_VARIABLE, "2000000"), 42));
        assertEquals(Optional.of(Duration.ofMillis(500)), ServiceNotifier.watchdogTimeout(
                Map.of(ServiceNotifier.WATCHDOG_USEC_VARIABLE, "500000", ServiceNotifier.WATCHDOG_PID_VARIABLE, "42"),
                42));
        assertEquals(Optional.empty(), ServiceNotifier.watchdogTimeout(
                Map.of(ServiceNotifier.WATCHDOG_USEC_VARIABLE, "500000", ServiceNotifier.WATCHDOG_PID_VARIABLE, "7"),
                42));
    }

    @Test
    void malformedVariablesAreNamedWithTheirValue() {
        IllegalArgumentException usec = assertThrows(IllegalArgumentException.class,
                () -> ServiceNotifier.watchdogTimeout(Map.of(ServiceNotifier.WATCHDOG_USEC_VARIABLE, "2s"), 42));
        assertTrue(usec.getMessage().contains("WATCHDOG_USEC=2s"), usec.getMessage());
        IllegalArgumentException socket = assertThrows(IllegalArgumentException.class,
                () -> ServiceNotifier.fromEnvironment(Map.of(ServiceNotifier.SOCKET_VARIABLE, "run/notify"), 42));
        assertTrue(socket.getMessage().contains("NOTIFY_SOCKET=run/notify"), socket.getMessage());
        String tooLong = "/" + "x".repeat(120);
        assertNotNull(assertThrows(IllegalArgumentException.class, () -> UnixDatagramNotifier.address(tooLong)));
    }
}
