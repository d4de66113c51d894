package io.podctl.hal.notify.internal;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Native;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The service manager's side of the notification socket, for tests: binds an {@code AF_UNIX}/{@code SOCK_DGRAM}
 * socket to a path or an abstract name (as systemd does for {@code NOTIFY_SOCKET}) and queues every datagram with
 * its arrival time. The JDK cannot receive Unix datagrams, so this uses JNA like the notifier.
 *
 * <p>Threading: a daemon thread receives; {@link #next} and {@link #drain} from the test thread.
 */
public final class UnixDatagramReceiver implements AutoCloseable {
    private static final int SOL_SOCKET = 1;
    private static final int SO_RCVTIMEO = 20;
    private static final int EAGAIN = 11;

    /** A datagram and when it arrived (monotonic {@link System#nanoTime()}). */
    public record Datagram(String text, long receivedNanos) {
    }

    interface LibC extends Library {
        int socket(int domain, int type, int protocol) throws LastErrorException;

        int bind(int fd, byte[] addr, int addrlen) throws LastErrorException;

        int setsockopt(int fd, int level, int name, byte[] value, int length) throws LastErrorException;

        long recv(int fd, byte[] buf, long len, int flags) throws LastErrorException;

        int close(int fd) throws LastErrorException;
    }

    private final LibC libc = Native.load("c", LibC.class);
    private final String name;
    private final int fd;
    private final BlockingQueue<Datagram> received = new LinkedBlockingQueue<>();
    private final Thread thread;
    private volatile boolean running = true;

    private UnixDatagramReceiver(String name) {
        this.name = name;
        byte[] addr = UnixDatagramNotifier.address(name);
        fd = libc.socket(UnixDatagramNotifier.AF_UNIX, UnixDatagramNotifier.SOCK_DGRAM
                | UnixDatagramNotifier.SOCK_CLOEXEC, 0);
        libc.bind(fd, addr, addr.length);
        // A receive gives up after 50 ms, so that close() is seen promptly.
        ByteBuffer timeval = ByteBuffer.allocate(2 * Native.LONG_SIZE).order(ByteOrder.nativeOrder());
        if (Native.LONG_SIZE == 8) {
            timeval.putLong(0).putLong(50_000);
        } else {
            timeval.putInt(0).putInt(50_000);
        }
        libc.setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, timeval.array(), timeval.capacity());
        thread = new Thread(this::receive, "notify-receiver");
        thread.setDaemon(true);
        thread.start();
    }

    /** Binds to the socket file {@code path} (which must not exist yet). */
    public static UnixDatagramReceiver atPath(Path path) {
        return new UnixDatagramReceiver(path.toAbsolutePath().toString());
    }

    /** Binds to {@code @name} in the abstract namespace. */
    public static UnixDatagramReceiver abstractName(String name) {
        return new UnixDatagramReceiver("@" + name);
    }

    /** What to put in {@code NOTIFY_SOCKET}. */
    public String socketName() {
        return name;
    }

    private void receive() {
        byte[] buf = new byte[4096];
        while (running) {
            try {
                long n = libc.recv(fd, buf, buf.length, 0);
                if (n >= 0) {
                    received.add(new Datagram(new String(buf, 0, (int) n, StandardCharsets.UTF_8), System.nanoTime()));
                }
            } catch (LastErrorException e) {
                if (e.getErrorCode() != EAGAIN && running) {
                    throw e;
                }
            }
        }
    }

    /** The next datagram within {@code timeout}, or null. */
    public Datagram next(Duration timeout) throws InterruptedException {
        return received.poll(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** The next datagram within {@code timeout} that contains {@code assignment} on a line of its own, or null. */
    public Datagram nextWith(String assignment, Duration timeout) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        for (long left = timeout.toNanos(); left > 0; left = end - System.nanoTime()) {
            Datagram d = received.poll(left, TimeUnit.NANOSECONDS);
            if (d != null && d.text().lines().anyMatch(assignment::equals)) {
                return d;
            }
        }
        return null;
    }

    /** Every datagram received and not yet taken. */
    public List<Datagram> drain() {
        List<Datagram> all = new ArrayList<>();
        received.drainTo(all);
        return all;
    }

    @Override
    public void close() throws Exception {
        running = false;
        thread.join(2000);
        libc.close(fd);
        if (!name.startsWith("@")) {
            Files.deleteIfExists(Path.of(name));
        }
    }
}
