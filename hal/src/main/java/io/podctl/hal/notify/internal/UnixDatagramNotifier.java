package io.podctl.hal.notify.internal;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Native;
import io.podctl.hal.notify.ServiceNotifier;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link ServiceNotifier} over an {@code AF_UNIX}/{@code SOCK_DGRAM} socket through JNA (glibc's {@code socket} and
 * {@code sendto}): the JDK's {@code DatagramChannel} does not take Unix-domain addresses (only stream channels do).
 * One unbound socket is opened at start and kept; each notification is one {@code sendto} with
 * {@code MSG_DONTWAIT | MSG_NOSIGNAL}, so a manager that does not read never blocks the caller, which may be the
 * control loop.
 *
 * <p>Threading: {@link #send} from any thread (the kernel serializes datagrams on the socket); {@link #close} once,
 * at shutdown, after the last send.
 */
public final class UnixDatagramNotifier implements ServiceNotifier {
    private static final Logger log = LoggerFactory.getLogger(UnixDatagramNotifier.class);
    static final int AF_UNIX = 1;
    static final int SOCK_DGRAM = 2;
    static final int SOCK_CLOEXEC = 0x80000;
    static final int MSG_DONTWAIT = 0x40;
    static final int MSG_NOSIGNAL = 0x4000;
    /** {@code sizeof(sun_path)} in Linux's {@code struct sockaddr_un}. */
    static final int SUN_PATH_LENGTH = 108;
    /** {@code offsetof(struct sockaddr_un, sun_path)}: the 2-byte {@code sun_family}. */
    static final int SUN_PATH_OFFSET = 2;
    private static final long LOG_EVERY_NTH_FAILURE = 100;

    private final String socketName;
    private final byte[] address;
    private final Optional<Duration> watchdogTimeout;
    private final LibC libc;
    private final AtomicLong failures = new AtomicLong();
    private volatile int fd;

    /** The system calls used, through glibc. */
    interface LibC extends Library {
        int socket(int domain, int type, int protocol) throws LastErrorException;

        int sendto(int fd, byte[] buf, long len, int flags, byte[] addr, int addrlen) throws LastErrorException;

        int close(int fd) throws LastErrorException;
    }

    private UnixDatagramNotifier(String socketName, byte[] address, Optional<Duration> watchdogTimeout, LibC libc,
                                 int fd) {
        this.socketName = socketName;
        this.address = address;
        this.watchdogTimeout = watchdogTimeout;
        this.libc = libc;
        this.fd = fd;
    }

    /**
     * Opens a socket that sends to {@code socketName}: a file system path, or {@code @name} for a name in the
     * abstract namespace (the {@code @} stands for the leading NUL byte).
     *
     * @throws IllegalArgumentException when the name is too long or relative, or no socket can be opened
     */
    public static UnixDatagramNotifier open(String socketName, Optional<Duration> watchdogTimeout) {
        byte[] address = address(socketName);
        LibC libc;
        try {
            libc = Native.load("c", LibC.class);
        } catch (LinkageError e) {
            throw new IllegalArgumentException(NOTIFY_SOCKET_IS + socketName + ", but the C library cannot be"
                    + " loaded through JNA: " + e.getMessage(), e);
        }
        int fd;
        try {
            fd = libc.socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
        } catch (LastErrorException e) {
            throw new IllegalArgumentException(NOTIFY_SOCKET_IS + socketName + ", but no Unix datagram socket can"
                    + " be opened: errno " + e.getErrorCode(), e);
        }
        return new UnixDatagramNotifier(socketName, address, watchdogTimeout, libc, fd);
    }

    private static final String NOTIFY_SOCKET_IS = SOCKET_VARIABLE + "=";

    /**
     * The bytes of a {@code struct sockaddr_un} for {@code socketName}, exactly as long as the address length to
     * pass: family, then the path with its terminating NUL, or for an abstract name a NUL and the name without one
     * (the length then delimits the name). Package-private for tests.
     */
    static byte[] address(String socketName) {
        boolean abstractName = socketName.startsWith("@");
        if (!abstractName && !socketName.startsWith("/")) {
            throw new IllegalArgumentException(NOTIFY_SOCKET_IS + socketName + ": neither an absolute path nor an"
                    + " abstract name (@name)");
        }
        byte[] name = (abstractName ? socketName.substring(1) : socketName).getBytes(StandardCharsets.UTF_8);
        // An abstract name has a leading NUL in sun_path; a path has a terminating one.
        int pathBytes = name.length + 1;
        if (pathBytes > SUN_PATH_LENGTH) {
            throw new IllegalArgumentException(NOTIFY_SOCKET_IS + socketName + ": longer than the " + (SUN_PATH_LENGTH
                    - 1) + " bytes a Unix socket address holds");
        }
        byte[] addr = new byte[SUN_PATH_OFFSET + pathBytes];
        // sun_family is a native-order unsigned short; AF_UNIX (1) fits the low byte.
        boolean little = ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN;
        addr[little ? 0 : 1] = (byte) AF_UNIX;
        System.arraycopy(name, 0, addr, SUN_PATH_OFFSET + (abstractName ? 1 : 0), name.length);
        return addr;
    }

    @Override
    public void send(String assignments) {
        int socket = fd;
        if (socket < 0) {
            return;
        }
        byte[] payload = assignments.getBytes(StandardCharsets.UTF_8);
        try {
            libc.sendto(socket, payload, payload.length, MSG_DONTWAIT | MSG_NOSIGNAL, address, address.length);
        } catch (LastErrorException e) {
            long n = failures.incrementAndGet();
            if (n == 1 || n % LOG_EVERY_NTH_FAILURE == 0) {
                log.warn("cannot notify the service manager at {} ({} failures so far): errno {}", socketName, n,
                        e.getErrorCode());
            }
        }
    }

    @Override
    public Optional<Duration> watchdogTimeout() {
        return watchdogTimeout;
    }

    @Override
    public String describe() {
        return "systemd at " + socketName + watchdogTimeout.map(t -> ", watchdog " + t.toMillis() + " ms")
                .orElse(", no watchdog");
    }

    /** Notifications that could not be sent. Any thread. */
    public long failures() {
        return failures.get();
    }

    @Override
    public synchronized void close() {
        int socket = fd;
        if (socket < 0) {
            return;
        }
        fd = -1;
        try {
            libc.close(socket);
        } catch (LastErrorException e) {
            log.warn("closing the notification socket failed: errno {}", e.getErrorCode());
        }
    }
}
