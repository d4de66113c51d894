package io.podctl.hal.notify;

import io.podctl.hal.notify.internal.UnixDatagramNotifier;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * Tells the service manager (systemd) how the process is doing, with the {@code sd_notify} protocol: newline
 * separated {@code KEY=VALUE} assignments in one datagram to the Unix socket named by {@code NOTIFY_SOCKET}.
 * Without {@code NOTIFY_SOCKET} (not started by systemd, or not {@code Type=notify}) it is {@link #NONE}, which does
 * nothing.
 *
 * <p>Threading: every method may be called from any thread and never blocks (a datagram sent with
 * {@code MSG_DONTWAIT}: one that the manager's queue cannot take is dropped and counted). Failures are logged
 * (rate-limited) and never thrown: a notification is not worth stopping the controller for; a lost
 * {@code WATCHDOG=1} is, in the end, what makes systemd restart it.
 */
public interface ServiceNotifier extends AutoCloseable {
    /** The environment variable naming the manager's socket: a path, or {@code @name} for an abstract one. */
    String SOCKET_VARIABLE = "NOTIFY_SOCKET";
    /** The service's watchdog timeout in microseconds, set by systemd when the unit has {@code WatchdogSec=}. */
    String WATCHDOG_USEC_VARIABLE = "WATCHDOG_USEC";
    /** The process the watchdog timeout is meant for; another process must not ping for it. */
    String WATCHDOG_PID_VARIABLE = "WATCHDOG_PID";

    /** Does nothing: the process was not started by a service manager that listens. */
    ServiceNotifier NONE = new ServiceNotifier() {
        @Override
        public void send(String assignments) {
        }

        @Override
        public Optional<Duration> watchdogTimeout() {
            return Optional.empty();
        }

        @Override
        public String describe() {
            return "no service manager (NOTIFY_SOCKET unset)";
        }
    };

    /**
     * The notifier that {@code environment} asks for: a datagram socket when {@value #SOCKET_VARIABLE} is set,
     * {@link #NONE} otherwise. The watchdog timeout is {@value #WATCHDOG_USEC_VARIABLE}'s, when set, positive, and
     * meant for this process ({@value #WATCHDOG_PID_VARIABLE} absent or equal to {@code pid}).
     *
     * @param environment the process environment ({@link System#getenv()})
     * @param pid         this process's id
     * @throws IllegalArgumentException when {@value #SOCKET_VARIABLE} or {@value #WATCHDOG_USEC_VARIABLE} is set but
     *                                  malformed (the message names the variable and its value)
     */
    static ServiceNotifier fromEnvironment(Map<String, String> environment, long pid) {
        String socket = environment.get(SOCKET_VARIABLE);
        if (socket == null || socket.isEmpty()) {
            return NONE;
        }
        return UnixDatagramNotifier.open(socket, watchdogTimeout(environment, pid));
    }

    /** {@value #WATCHDOG_USEC_VARIABLE} as a duration, when it is meant for process {@code pid}. */
    static Optional<Duration> watchdogTimeout(Map<String, String> environment, long pid) {
        String usec = environment.get(WATCHDOG_USEC_VARIABLE);
        if (usec == null || usec.isEmpty()) {
            return Optional.empty();
        }
        String forPid = environment.get(WATCHDOG_PID_VARIABLE);
        if (forPid != null && !forPid.isEmpty() && !forPid.trim().equals(Long.toString(pid))) {
            return Optional.empty();
        }
        long micros;
        try {
            micros = Long.parseLong(usec.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(WATCHDOG_USEC_VARIABLE + "=" + usec + " is not a number of"
                    + " microseconds");
        }
        if (micros <= 0) {
            throw new IllegalArgumentException(WATCHDOG_USEC_VARIABLE + "=" + usec + " must be positive");
        }
        return Optional.of(Duration.ofNanos(micros * 1000));
    }

    /**
     * Sends raw assignments, e.g. {@code "READY=1\nSTATUS=running"}, in one datagram. Any thread, never blocks.
     */
    void send(String assignments);

    /** The service's watchdog timeout, when the manager watches this process. */
    Optional<Duration> watchdogTimeout();

    /** Where the notifications go, for the log. */
    String describe();

    /** {@code READY=1} with a status line: start-up is complete. */
    default void ready(String status) {
        send("READY=1\nSTATUS=" + oneLine(status));
    }

    /** {@code STATUS=}: one line shown by {@code systemctl status}. */
    default void status(String status) {
        send("STATUS=" + oneLine(status));
    }

    /** {@code WATCHDOG=1}: the process is healthy; only the supervision that proves it may call this. */
    default void watchdog() {
        send("WATCHDOG=1");
    }

    /** {@code STOPPING=1} with a status line: an orderly stop has begun. */
    default void stopping(String status) {
        send("STOPPING=1\nSTATUS=" + oneLine(status));
    }

    /** Releases the socket; later calls do nothing. */
    @Override
    default void close() {
    }

    private static String oneLine(String s) {
        return s.replace('\n', ' ');
    }
}
