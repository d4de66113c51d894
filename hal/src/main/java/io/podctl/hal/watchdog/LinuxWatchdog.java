package io.podctl.hal.watchdog;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The Linux watchdog device ({@code /dev/watchdog}, e.g. the Raspberry Pi's bcm2835_wdt). Opening the
 * device arms it; every {@link #feed()} writes one byte, which the kernel driver takes as a keepalive; an
 * orderly {@link #close()} writes the magic character {@code 'V'} and then closes, which disarms the
 * watchdog (unless the kernel was built with {@code CONFIG_WATCHDOG_NOWAYOUT} or the driver was loaded with
 * {@code nowayout=1}, in which case it keeps running and the board resets: still the safe outcome).
 *
 * <p>If the process dies without the magic close, the watchdog keeps counting and resets the board, whose
 * GPIO lines then fall back to their de-energized defaults.
 *
 * <p>The timeout: plain Java cannot issue {@code WDIOC_SETTIMEOUT}/{@code WDIOC_GETTIMEOUT} ioctls, so this
 * class does not set it. It comes from the driver's default or its configuration (module parameter
 * {@code heartbeat}/{@code timeout}, or systemd's {@code RuntimeWatchdogSec} when systemd owns the device;
 * then podctl must not open it at all). {@link #timeout()} reports the value read at open time from
 * {@code /sys/class/watchdog/watchdog0/timeout} (seconds) when that file exists, otherwise the fallback the
 * caller passed.
 *
 * <p>Threading: {@link #feed()} is called by the control loop thread; it writes one byte to a character
 * device, which does not block. {@link #close()} may come from another thread; both are serialized on a
 * monitor held only for the write. Failures to feed are counted and logged (rate-limited), never thrown:
 * a watchdog that cannot be fed will reset the board, which is the intended consequence.
 */
public final class LinuxWatchdog implements Watchdog {
    /** The legacy watchdog device node, an alias of {@code /dev/watchdog0}. */
    public static final Path DEFAULT_DEVICE = Path.of("/dev/watchdog");
    /** Where the kernel publishes watchdog0's timeout in seconds. */
    public static final Path DEFAULT_TIMEOUT_FILE = Path.of("/sys/class/watchdog/watchdog0/timeout");

    private static final Logger log = LoggerFactory.getLogger(LinuxWatchdog.class);
    private static final int KEEPALIVE = '.';
    private static final int MAGIC_CLOSE = 'V';
    /** Log the first feed failure and then one in this many. */
    private static final long LOG_EVERY_NTH_FAILURE = 1000;

    private final Path device;
    private final Duration timeout;
    private final FileOutputStream out;
    private final AtomicLong feedFailures = new AtomicLong();
    private final Object lock = new Object();
    private boolean closed;

    private LinuxWatchdog(Path device, Duration timeout, FileOutputStream out) {
        this.device = device;
        this.timeout = timeout;
        this.out = out;
    }

    /** Opens (and so arms) {@link #DEFAULT_DEVICE}; see {@link #open(Path, Path, Duration)}. */
    public static LinuxWatchdog openDefault(Duration fallbackTimeout) throws IOException {
        return open(DEFAULT_DEVICE, DEFAULT_TIMEOUT_FILE, fallbackTimeout);
    }

    /**
     * Opens the watchdog device, which arms it.
     *
     * @param device          the device node, e.g. {@code /dev/watchdog}; must exist (never created)
     * @param timeoutFile     sysfs file holding the timeout in whole seconds; may be absent
     * @param fallbackTimeout reported by {@link #timeout()} when {@code timeoutFile} is absent or unreadable
     * @throws IOException when the device does not exist or cannot be opened (e.g. already held by
     *                     systemd: the kernel allows one opener)
     */
    public static LinuxWatchdog open(Path device, Path timeoutFile, Duration fallbackTimeout) throws IOException {
        Objects.requireNonNull(device, "device");
        Objects.requireNonNull(timeoutFile, "timeoutFile");
        Objects.requireNonNull(fallbackTimeout, "fallbackTimeout");
        if (fallbackTimeout.isNegative() || fallbackTimeout.isZero()) {
            throw new IllegalArgumentException("fallbackTimeout must be positive: " + fallbackTimeout);
        }
        // FileOutputStream would create a missing node as a regular file; refuse instead.
        if (!Files.exists(device) || Files.isDirectory(device)) {
            throw new NoSuchFileException(device.toString(), null, "no watchdog device");
        }
        Duration timeout = readTimeout(timeoutFile, fallbackTimeout);
        // FileOutputStream rather than a FileChannel: an interrupt of the loop thread must not close the
        // device behind our back (a channel closes on interrupt, without the magic close).
        FileOutputStream out = new FileOutputStream(device.toFile());
        log.info("watchdog {} armed, timeout {}", device, timeout);
        return new LinuxWatchdog(device, timeout, out);
    }

    @Override
    public void feed() {
        synchronized (lock) {
            if (closed) {
                return;
            }
            try {
                out.write(KEEPALIVE);
            } catch (IOException e) {
                long n = feedFailures.incrementAndGet();
                if (n == 1 || n % LOG_EVERY_NTH_FAILURE == 0) {
                    log.error("cannot feed watchdog {} ({} failures so far): {}", device, n, e.toString());
                }
            }
        }
    }

    @Override
    public Duration timeout() {
        return timeout;
    }

    /** Feeds that failed since open. Thread-safe. */
    public long feedFailures() {
        return feedFailures.get();
    }

    /** Magic close: writes {@code 'V'} and closes the device, which disarms the watchdog. Idempotent. */
    @Override
    public void close() {
        synchronized (lock) {
            if (closed) {
                return;
            }
            closed = true;
            try {
                out.write(MAGIC_CLOSE);
            } catch (IOException e) {
                log.error("magic close of watchdog {} failed; it stays armed and will reset the board", device, e);
            }
            try {
                out.close();
            } catch (IOException e) {
                log.error("closing watchdog {} failed", device, e);
            }
            log.info("watchdog {} closed", device);
        }
    }

    private static Duration readTimeout(Path timeoutFile, Duration fallback) {
        try {
            long seconds = Long.parseLong(Files.readString(timeoutFile).trim());
            if (seconds > 0) {
                return Duration.ofSeconds(seconds);
            }
            log.warn("watchdog timeout file {} holds {}; assuming {}", timeoutFile, seconds, fallback);
        } catch (NoSuchFileException e) {
            log.info("no watchdog timeout file {}; assuming {}", timeoutFile, fallback);
        } catch (IOException | NumberFormatException e) {
            log.warn("cannot read watchdog timeout from {}: {}; assuming {}", timeoutFile, e.toString(), fallback);
        }
        return fallback;
    }
}
