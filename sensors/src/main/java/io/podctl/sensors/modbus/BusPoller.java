package io.podctl.sensors.modbus;

import io.podctl.hal.Clock;
import io.podctl.hal.modbus.BusCounters;
import io.podctl.hal.modbus.BusReply;
import io.podctl.hal.modbus.BusReply.Failure;
import io.podctl.hal.modbus.ModbusException;
import io.podctl.hal.modbus.RegisterBus;
import io.podctl.hal.modbus.RegisterTable;
import io.podctl.sensors.DeviceHealth;
import io.podctl.sensors.DeviceStatus;
import io.podctl.sensors.DeviceStatusBoard;
import io.podctl.sensors.Quality;
import io.podctl.sensors.SampleBoard;
import io.podctl.sensors.SuspectValues;
import io.podctl.sensors.TextBoard;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Polls every device of one Modbus bus on its own schedule and publishes decoded samples to the
 * {@link SampleBoard} and device health to the {@link DeviceStatusBoard}. This is the one layer that retries.
 *
 * <p><b>Threading.</b> {@link #start()} launches one daemon thread, {@code poll-<busId>}, which alone calls the
 * bus and publishes this poller's points (one bus = one thread: an RTU line or a TCP connection serializes
 * transactions anyway). {@link #close()} may be called from any thread.
 *
 * <p><b>Schedule.</b> Device {@code d} is due at {@code start + d.pollOffset + k × d.pollPeriod} (monotonic
 * time); the next deadline is computed from the previous one, never from "now", so polls do not drift. If a
 * poll ends after one or more later slots have passed, those slots are skipped and counted in
 * {@link #missedSlots()}. When several devices are due, the earliest deadline goes first.
 *
 * <p><b>Per block.</b> A successful read publishes every point with its decoded value and
 * {@link PointDecoder#quality}, stamped with the monotonic time of the reply. A failed read publishes every
 * point of the block with NaN and a quality that says why: {@link Quality#COMM_FAIL} for timeouts, refused or
 * lost connections, malformed replies and gateway exceptions 0A/0B; {@link Quality#INVALID} for exceptions
 * 01/02/03 (the configuration does not match the device: never retried, device DEGRADED with reason
 * "config mismatch: …", naming each refused block as the configuration writes its addresses, see
 * {@link #mismatchReason}); {@link Quality#DEVICE_EXCEPTION} for 04, for 05/06 still failing after the retries,
 * and for any other code. Retries (up to {@link DevicePlan#retries()}) are spent only on timeouts, malformed
 * replies and exceptions 05/06, and only while another attempt is expected to finish before the device's
 * next slot.
 *
 * <p><b>Health</b> after each poll: ONLINE when every block succeeded first time; OFFLINE when no block got an
 * answer from the unit itself (a gateway's 0A/0B is not an answer); DEGRADED otherwise, with the reason.
 *
 * <p><b>Dead units.</b> A poll in which every block timed out makes the unit "dead". After the n-th such
 * poll in a row the next 2^(n-1) − 1 slots are skipped with no I/O (its points are republished COMM_FAIL), so
 * it is probed at slots 1, 3, 7, 15, … after the first failure and then at most every {@value #MAX_DEAD_SKIP}
 * slots. A probe reads one block (rotating through the blocks) without retries; if it answers, the rest of
 * the poll runs normally. A dead unit on an RTU line therefore costs at
 * most one transaction deadline per probe and cannot stall the other units' schedule.
 *
 * <p><b>Text.</b> {@link PointType#STRING} points (serial numbers, firmware versions) are planned in blocks of
 * their own and published to the {@link TextBoard}: the decoded text with {@link PointDecoder#textQuality}, or no
 * text and the failure's quality. Those blocks are read on the first poll, on the first poll after the device
 * was OFFLINE (it may have been replaced), and then every {@link DevicePlan#textEveryPolls()} polls; a poll that
 * finds the device OFFLINE marks its text COMM_FAIL. A poll with nothing due reads nothing and leaves the health
 * as it was.
 *
 * <p><b>Beyond one sample.</b> Each successful numeric sample is judged further by its point's
 * {@link PointWatch}: implausible floats are {@link Quality#INVALID} (and reported on
 * {@link DeviceStatusBoard#suspects()}); a point with {@link ModbusPointSpec#frozenAfter()} N &gt; 0 whose decoded
 * value has not changed over its last N successful samples is published {@link Quality#FROZEN} instead of GOOD
 * until it changes (failed polls in between neither count nor reset the run); a counter that went backwards is
 * INVALID (and reported) until it recovers.
 *
 * <p><b>Counters.</b> Per device: requests, failures, retries, timeouts, exception responses per code, last
 * and longest latency counted here; discarded replies, CRC errors and reconnects taken from the bus's
 * {@link BusCounters} as they change while this thread talks to that device (the poller is the bus's only
 * user). All are published in each {@link DeviceStatus}.
 *
 * <p><b>Writes.</b> {@link #submitWrite} queues a {@link WriteRequest} (bounded, {@link #writeQueueCapacity()};
 * overflow policy: the new request is rejected at once with {@link WriteOutcome.Status#REJECTED}, never an older
 * one dropped) and returns a {@link WriteHandle} without waiting. The polling thread sends queued writes before
 * its next poll, retrying like reads (timeouts, malformed replies, 05/06) while the request's verification
 * window lasts; after the acknowledgement it reads the request's read-back point right away and then every
 * {@code clamp(verifyWithin / 5, 20 ms, 500 ms)} between polls, until the value is within tolerance
 * ({@link WriteOutcome.Status#CONFIRMED}) or the window has passed ({@link WriteOutcome.Status#NOT_FOLLOWED}: the
 * device acknowledged but did not follow). An exception response ends it as {@link WriteOutcome.Status#FAILED}
 * with the code. At most {@value #MAX_VERIFYING} writes are being verified at once; further ones wait in the
 * queue.
 */
public final class BusPoller implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(BusPoller.class);
    /** Most slots a dead unit is skipped between probes. */
    static final int MAX_DEAD_SKIP = 16;
    /** Refused blocks named in a config-mismatch reason; the rest are counted. */
    static final int MAX_NAMED_REFUSALS = 4;
    /** Longest config-mismatch reason. */
    static final int MAX_REASON_CHARS = 400;
    private static final char[] HEX = "0123456789ABCDEF".toCharArray();
    private static final long JOIN_NANOS = Duration.ofSeconds(5).toNanos();
    /** Default capacity of the write queue. */
    public static final int DEFAULT_WRITE_QUEUE = 16;
    /** Most writes whose read-back is being verified at once. */
    static final int MAX_VERIFYING = 16;
    private static final long MIN_VERIFY_INTERVAL_NANOS = Duration.ofMillis(20).toNanos();
    private static final long MAX_VERIFY_INTERVAL_NANOS = Duration.ofMillis(500).toNanos();

    private final String busId;
    private final RegisterBus bus;
    private final SampleBoard board;
    private final TextBoard texts;
    private final DeviceStatusBoard statuses;
    private final Clock clock;
    private final Device[] devices;
    private final int[] raw;
    private final Map<String, Device> byId = new HashMap<>();
    private final AtomicLong missedSlots = new AtomicLong();
    private final ArrayBlockingQueue<WriteHandle> writeQueue;
    private final int writeQueueCapacity;
    private final List<Verification> verifying = new ArrayList<>();
    private final AtomicLong writesRejected = new AtomicLong();
    private BusCounters lastBusCounters;
    private boolean busConnectedBefore;
    private volatile boolean closed;
    private volatile Thread thread;
    /** A sample of this poll changed on the board, and the board has not been told yet. Polling thread. */
    private boolean boardChanged;

    /**
     * Where a poller publishes.
     *
     * @param samples  the values of numeric and bool points
     * @param texts    the text of {@link PointType#STRING} points (serial numbers, firmware versions)
     * @param statuses device health
     */
    public record Boards(SampleBoard samples, TextBoard texts, DeviceStatusBoard statuses) {
        public Boards {
            Objects.requireNonNull(samples, "samples");
            Objects.requireNonNull(texts, "texts");
            Objects.requireNonNull(statuses, "statuses");
        }
    }

    /**
     * A poller for {@code devices} on {@code bus}, without text points. Plans the block reads now.
     *
     * @throws IllegalArgumentException if a point is not on {@code board}, a device is not on
     *     {@code statuses}, two devices publish the same point, a point is a STRING (it needs a text board), or a
     *     device's points cannot be planned (see {@link BlockPlanner})
     */
    public BusPoller(String busId, RegisterBus bus, List<DevicePlan> devices, SampleBoard board,
                     DeviceStatusBoard statuses, Clock clock) {
        this(busId, bus, devices, board, statuses, clock, DEFAULT_WRITE_QUEUE);
    }

    /**
     * A poller as above with a write queue of {@code writeQueueCapacity} (1..1024) requests.
     *
     * @throws IllegalArgumentException as above, or for a capacity out of range
     */
    public BusPoller(String busId, RegisterBus bus, List<DevicePlan> devices, SampleBoard board,
                     DeviceStatusBoard statuses, Clock clock, int writeQueueCapacity) {
        this(busId, bus, devices, new Boards(board, TextBoard.empty(), statuses), clock, writeQueueCapacity);
    }

    /**
     * A poller for {@code devices} on {@code bus} publishing to {@code boards}, with a write queue of
     * {@code writeQueueCapacity} (1..1024) requests. Text points go to the text board, all others to the sample
     * board. Plans the block reads now.
     *
     * @throws IllegalArgumentException if a point is not on its board, a device is not on the status board, two
     *     devices publish the same point, a device's points cannot be planned (see {@link BlockPlanner}), or the
     *     capacity is out of range
     */
    public BusPoller(String busId, RegisterBus bus, List<DevicePlan> devices, Boards boards, Clock clock,
                     int writeQueueCapacity) {
        if (writeQueueCapacity < 1 || writeQueueCapacity > 1024) {
            throw new IllegalArgumentException("write queue capacity outside 1..1024: " + writeQueueCapacity);
        }
        this.writeQueueCapacity = writeQueueCapacity;
        this.writeQueue = new ArrayBlockingQueue<>(writeQueueCapacity);
        this.busId = Objects.requireNonNull(busId, "busId");
        this.bus = Objects.requireNonNull(bus, "bus");
        this.board = boards.samples();
        this.texts = boards.texts();
        this.statuses = boards.statuses();
        this.clock = Objects.requireNonNull(clock, "clock");
        if (devices.isEmpty()) {
            throw new IllegalArgumentException("bus " + busId + " has no devices to poll");
        }
        Set<String> deviceIds = new HashSet<>();
        Map<String, String> pointOwner = new HashMap<>();
        this.devices = new Device[devices.size()];
        int maxBlock = 0;
        for (int i = 0; i < devices.size(); i++) {
            DevicePlan plan = devices.get(i);
            if (!deviceIds.add(plan.deviceId())) {
                throw new IllegalArgumentException("device " + plan.deviceId() + " listed twice on bus " + busId);
            }
            statuses.get(plan.deviceId());
            for (ModbusPointSpec p : plan.points()) {
                boolean text = p.type() == PointType.STRING;
                if ((text ? texts.indexOf(p.pointId()) : board.indexOf(p.pointId())).isEmpty()) {
                    throw new IllegalArgumentException("point " + p.pointId() + " of " + plan.deviceId()
                            + " is not on the " + (text ? "text" : "sample") + " board");
                }
                String other = pointOwner.put(p.pointId(), plan.deviceId());
                if (other != null) {
                    throw new IllegalArgumentException("point " + p.pointId() + " is read by both " + other + " and "
                            + plan.deviceId());
                }
            }
            Device d = new Device(plan, BlockPlanner.plan(plan), board, texts, statuses.suspects());
            for (ReadBlock b : d.blocks) {
                maxBlock = Math.max(maxBlock, b.count());
            }
            this.devices[i] = d;
            byId.put(plan.deviceId(), d);
        }
        // Read-backs of writes use the same buffer: 125 registers or 2000 bits at most.
        this.raw = new int[Math.max(maxBlock, 2000)];
    }

    /**
     * Starts the polling thread; each device's first poll is due at now + its poll offset.
     *
     * @throws IllegalStateException if already started or closed
     */
    public synchronized void start() {
        if (thread != null || closed) {
            throw new IllegalStateException("poller for " + busId + " already started or closed");
        }
        schedule(clock.nanoTime());
        thread = new Thread(this::run, "poll-" + busId);
        thread.setDaemon(true);
        thread.start();
    }

    /**
     * Stops the polling thread and waits for it: it ends after the transaction in progress, if any, which is
     * bounded by the bus's transaction deadline. Does not close the bus, which the caller owns. Idempotent.
     */
    @Override
    public void close() {
        Thread t;
        synchronized (this) {
            closed = true;
            t = thread;
        }
        if (t == null) {
            cancelPendingWrites();
            return;
        }
        if (t == Thread.currentThread()) {
            return;
        }
        t.interrupt();
        try {
            t.join(Duration.ofNanos(JOIN_NANOS));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (t.isAlive()) {
            LOG.warn("poller {} did not stop within {} ms", busId, JOIN_NANOS / 1_000_000);
            return;
        }
        cancelPendingWrites();
    }

    /**
     * Queues a write for the polling thread and returns at once; never blocks and never performs I/O on the
     * calling thread (the control loop may call it). See the class comment for what happens next.
     *
     * <p>Threading: any thread. The outcome is set, and {@code callback} (may be null) runs, on the polling
     * thread, except for a request rejected at once (unknown device, a value that cannot be encoded, queue
     * full, poller closed), whose outcome is set and callback run on the calling thread before this returns.
     * The callback must only hand off (queue, flag); it must not block the poller.
     */
    public WriteHandle submitWrite(WriteRequest request, Consumer<WriteOutcome> callback) {
        Objects.requireNonNull(request, "request");
        WriteHandle handle = new WriteHandle(request, clock.nanoTime(), callback);
        Device d = byId.get(request.deviceId());
        if (d == null) {
            return reject(handle, "device " + request.deviceId() + " is not on bus " + busId);
        }
        try {
            encode(request);
        } catch (IllegalArgumentException e) {
            return reject(handle, e.getMessage());
        }
        if (closed) {
            return reject(handle, "poller " + busId + " is closed");
        }
        if (!writeQueue.offer(handle)) {
            return reject(handle, "write queue of " + busId + " full (" + writeQueueCapacity + ")");
        }
        Thread t = thread;
        if (t != null) {
            LockSupport.unpark(t);
        }
        if (closed) {
            // close() may have drained the queue before this request went in.
            cancelQueuedWrites();
        }
        return handle;
    }

    /** {@link #submitWrite(WriteRequest, Consumer)} without a callback: poll the handle. */
    public WriteHandle submitWrite(WriteRequest request) {
        return submitWrite(request, null);
    }

    /** Capacity of the write queue. */
    public int writeQueueCapacity() {
        return writeQueueCapacity;
    }

    /** Writes rejected at submission since start (all causes, queue overflow included). Thread-safe. */
    public long writesRejected() {
        return writesRejected.get();
    }

    private WriteHandle reject(WriteHandle handle, String why) {
        writesRejected.incrementAndGet();
        LOG.warn("{}: write of {} := {} rejected: {}", busId, handle.request().target().pointId(),
                handle.request().value(), why);
        handle.complete(new WriteOutcome(WriteOutcome.Status.REJECTED, why, 0, Double.NaN, clock.nanoTime()));
        return handle;
    }

    /** Cancels queued writes; any thread. */
    private void cancelQueuedWrites() {
        WriteHandle h;
        while ((h = writeQueue.poll()) != null) {
            h.complete(new WriteOutcome(WriteOutcome.Status.CANCELLED, "poller " + busId + " closed before sending",
                    0, Double.NaN, clock.nanoTime()));
        }
    }

    /** Cancels queued writes and those being verified; only once the polling thread has stopped (or never ran). */
    private synchronized void cancelPendingWrites() {
        cancelQueuedWrites();
        for (Verification v : verifying) {
            v.handle.complete(new WriteOutcome(WriteOutcome.Status.CANCELLED, "poller " + busId
                    + " closed while verifying (the write was acknowledged)", 0, v.lastValue, clock.nanoTime()));
        }
        verifying.clear();
    }

    /** Poll slots skipped because a previous poll overran, over all devices, since start. Thread-safe. */
    public long missedSlots() {
        return missedSlots.get();
    }

    /** Sets every device's first deadline relative to {@code nowNanos}. Called by {@link #start()} and tests. */
    void schedule(long nowNanos) {
        for (Device d : devices) {
            d.nextDeadline = nowNanos + d.offsetNanos;
        }
    }

    private void run() {
        LOG.info("polling {} device(s) on {} ({})", devices.length, busId, bus.describe());
        try {
            while (!closed) {
                long next = runDue();
                long wait = next - clock.nanoTime();
                if (wait > 0 && !closed) {
                    LockSupport.parkNanos(this, wait);
                }
            }
            LOG.info("stopped polling {}", busId);
        } catch (RuntimeException | Error e) {
            // A bug, not a field fault: stop, so that this bus's points turn STALE and the safety layer acts.
            LOG.error("poller {} failed and stopped; its points will turn stale", busId, e);
            throw e;
        }
    }

    /**
     * Polls every device that is due, earliest deadline first, until none is; returns the earliest next
     * deadline (monotonic nanoseconds). Runs on the polling thread (or a test's thread, never both).
     */
    long runDue() {
        while (!closed) {
            if (!sendQueuedWrites()) {
                break;
            }
            Device d = devices[0];
            for (Device c : devices) {
                if (c.nextDeadline - d.nextDeadline < 0) {
                    d = c;
                }
            }
            long slot = d.nextDeadline;
            Verification v = null;
            for (Verification c : verifying) {
                if (v == null || c.nextCheck - v.nextCheck < 0) {
                    v = c;
                }
            }
            if (v != null && v.nextCheck - slot < 0) {
                if (v.nextCheck - clock.nanoTime() > 0) {
                    return v.nextCheck;
                }
                boolean verified = verify(v);
                endBatch();
                if (!verified) {
                    break;
                }
                continue;
            }
            if (slot - clock.nanoTime() > 0) {
                return slot;
            }
            boolean polled = poll(d, slot);
            endBatch();
            if (!polled) {
                break;
            }
            long next = slot + d.periodNanos;
            long now = clock.nanoTime();
            if (now - next > 0) {
                long missed = (now - next + d.periodNanos - 1) / d.periodNanos;
                next += missed * d.periodNanos;
                missedSlots.addAndGet(missed);
                LOG.debug("{}: poll of {} overran, skipped {} slot(s)", busId, d.plan.deviceId(), missed);
            }
            d.nextDeadline = next;
        }
        return clock.nanoTime();
    }

    /** One poll of one device for the slot at {@code slot}; false if interrupted by {@link #close()}. */
    private boolean poll(Device d, long slot) {
        if (d.skipPolls > 0) {
            d.skipPolls--;
            for (int b = 0; b < d.blocks.length; b++) {
                publishFailure(d, b, Quality.COMM_FAIL);
            }
            setHealth(d, DeviceHealth.OFFLINE, d.reason);
            return true;
        }
        boolean probing = d.deadPolls > 0;
        // Text (serial numbers, firmware) is read rarely, and at once when the device was away: it may be another.
        boolean textDue = d.pollsUntilText <= 0 || d.health == DeviceHealth.OFFLINE
                || d.health == DeviceHealth.UNKNOWN;
        d.pollsUntilText = textDue ? d.plan.textEveryPolls() - 1 : d.pollsUntilText - 1;
        int attempted = 0;
        int retriesAllowed = probing ? 0 : d.plan.retries();
        long budgetEnd = slot + d.periodNanos;
        int first = probing ? d.probeCursor++ % d.blocks.length : 0;
        int answered = 0;
        int failed = 0;
        int retriesUsed = 0;
        boolean allTimeouts = true;
        int refused = 0;
        StringBuilder refusedNames = null;
        String firstFailure = null;
        for (int k = 0; k < d.blocks.length; k++) {
            int b = (first + k) % d.blocks.length;
            if (d.text[b] && !textDue) {
                continue;
            }
            if (probing && k > 0 && answered == 0) {
                // The probe went unanswered: do not spend a deadline on each remaining block.
                publishFailure(d, b, Quality.COMM_FAIL);
                continue;
            }
            ReadBlock block = d.blocks[b];
            attempted++;
            BusReply reply;
            int attempt = 0;
            while (true) {
                long t0 = clock.nanoTime();
                reply = bus.read(d.plan.unitId(), block.table(), block.address(), block.count());
                long t1 = clock.nanoTime();
                if (!count(d, reply, t1 - t0)) {
                    return false;
                }
                if (reply.isOk()) {
                    break;
                }
                Failure f = (Failure) reply;
                // Try again only if another attempt like this one still ends inside this poll's period.
                if (attempt < retriesAllowed && isRetryable(f) && t1 + (t1 - t0) - budgetEnd < 0) {
                    attempt++;
                    retriesUsed++;
                    d.retries++;
                    continue;
                }
                break;
            }
            if (reply instanceof Failure f) {
                failed++;
                Quality q;
                switch (f.kind()) {
                    case EXCEPTION_RESPONSE -> {
                        allTimeouts = false;
                        int code = f.exceptionCode();
                        if (ModbusException.isMappingError(code)) {
                            q = Quality.INVALID;
                            answered++;
                            if (++refused <= MAX_NAMED_REFUSALS) {
                                refusedNames = refusedNames == null ? new StringBuilder() : refusedNames.append(", ");
                                refusedNames.append("exception ").append(HEX[code >> 4 & 0xF]).append(HEX[code & 0xF])
                                        .append(" at ").append(d.blockNames[b]);
                            }
                        } else if (ModbusException.isGatewayError(code)) {
                            q = Quality.COMM_FAIL;
                        } else {
                            q = Quality.DEVICE_EXCEPTION;
                            answered++;
                        }
                    }
                    case TIMEOUT -> q = Quality.COMM_FAIL;
                    default -> {
                        allTimeouts = false;
                        q = Quality.COMM_FAIL;
                    }
                }
                if (firstFailure == null) {
                    firstFailure = f.detail();
                }
                publishFailure(d, b, q);
            } else {
                allTimeouts = false;
                answered++;
                publishValues(d, b, reply);
            }
        }
        if (attempted == 0) {
            return true; // only text blocks, none due: nothing was read, nothing is known anew
        }
        if (answered == 0) {
            if (!textDue) {
                // Off line now: the text read earlier can no longer be vouched for.
                for (int b = 0; b < d.blocks.length; b++) {
                    if (d.text[b]) {
                        publishFailure(d, b, Quality.COMM_FAIL);
                    }
                }
            }
            if (allTimeouts) {
                d.deadPolls++;
                d.skipPolls = Math.min(1 << Math.min(d.deadPolls - 1, 30), MAX_DEAD_SKIP) - 1;
                if (d.skipPolls > 0) {
                    firstFailure = firstFailure + "; next probe in " + (d.skipPolls + 1) + " polls";
                }
            }
            setHealth(d, DeviceHealth.OFFLINE, firstFailure);
        } else {
            d.deadPolls = 0;
            d.skipPolls = 0;
            if (failed == 0 && retriesUsed == 0) {
                setHealth(d, DeviceHealth.ONLINE, "ok");
            } else if (refused > 0) {
                setHealth(d, DeviceHealth.DEGRADED, mismatchReason(refused, refusedNames));
            } else if (firstFailure != null) {
                setHealth(d, DeviceHealth.DEGRADED, firstFailure);
            } else {
                setHealth(d, DeviceHealth.DEGRADED, "needed " + retriesUsed + " retries");
            }
        }
        return true;
    }

    /**
     * Counts one transaction with {@code d}: requests, failures, timeouts, exception codes, latency. False when
     * it was interrupted (shutdown): then nothing is counted.
     */
    private boolean count(Device d, BusReply reply, long latencyNanos) {
        if (reply instanceof Failure f && (f.kind() == BusReply.FailureKind.INTERRUPTED || closed)) {
            return false;
        }
        d.requests++;
        if (reply instanceof Failure f) {
            d.failures++;
            switch (f.kind()) {
                case TIMEOUT -> d.timeouts++;
                case EXCEPTION_RESPONSE -> {
                    d.exceptionCounts.merge(f.exceptionCode(), 1L, Long::sum);
                    d.exceptionsChanged = true;
                }
                default -> {
                }
            }
        } else {
            d.lastLatencyNanos = latencyNanos;
            d.maxLatencyNanos = Math.max(d.maxLatencyNanos, latencyNanos);
        }
        return true;
    }

    /**
     * Adds the bus's discarded/CRC/reconnect counts since the previous call to {@code d}: everything this thread
     * did on the bus in between was for {@code d}. Called once after each poll, write or read-back.
     */
    private void attributeBusCounters(Device d) {
        BusCounters now = bus.counters();
        if (lastBusCounters != null) {
            d.discarded += now.discarded() - lastBusCounters.discarded();
            d.crcErrors += now.crcErrors() - lastBusCounters.crcErrors();
        } else {
            d.discarded += now.discarded();
            d.crcErrors += now.crcErrors();
        }
        long connects = now.connects() - (lastBusCounters != null ? lastBusCounters.connects() : 0);
        if (connects > 0 && !busConnectedBefore) {
            busConnectedBefore = true;
            connects--; // the bus's first connection is not a reconnect
        }
        d.reconnects += connects;
        lastBusCounters = now;
    }

    // ---- writes ----

    /** Sends queued writes while there is room to verify them; false if interrupted by {@link #close()}. */
    private boolean sendQueuedWrites() {
        while (verifying.size() < MAX_VERIFYING) {
            WriteHandle h = writeQueue.poll();
            if (h == null) {
                return true;
            }
            if (!send(h)) {
                h.complete(new WriteOutcome(WriteOutcome.Status.CANCELLED, "poller " + busId
                        + " closed while sending", 0, Double.NaN, clock.nanoTime()));
                return false;
            }
        }
        return true;
    }

    /** The words (or 0/1 for a coil) a request writes; validated on submission. */
    private static int[] encode(WriteRequest r) {
        return PointDecoder.encode(r.target(), r.value());
    }

    /** One write, with retries inside its window; false if interrupted. */
    private boolean send(WriteHandle h) {
        WriteRequest r = h.request();
        Device d = byId.get(r.deviceId());
        ModbusPointSpec target = r.target();
        long deadline = h.submittedNanos() + r.verifyWithin().toNanos();
        int[] words = encode(r);
        int attempt = 0;
        while (true) {
            long t0 = clock.nanoTime();
            BusReply reply;
            if (target.table() == RegisterTable.COIL) {
                boolean[] bits = new boolean[words.length];
                for (int i = 0; i < bits.length; i++) {
                    bits[i] = words[i] != 0;
                }
                reply = bus.writeCoils(d.plan.unitId(), target.address(), bits);
            } else {
                reply = bus.writeRegisters(d.plan.unitId(), target.address(), words);
            }
            long t1 = clock.nanoTime();
            if (!count(d, reply, t1 - t0)) {
                return false;
            }
            if (reply.isOk()) {
                break;
            }
            Failure f = (Failure) reply;
            if (attempt < d.plan.retries() && isRetryable(f) && t1 + (t1 - t0) - deadline < 0) {
                attempt++;
                d.retries++;
                continue;
            }
            String detail;
            if (f.kind() == BusReply.FailureKind.EXCEPTION_RESPONSE) {
                int code = f.exceptionCode();
                detail = String.format("%s refused the write of %s (%s): exception %02X%s", d.plan.deviceId(),
                        target.pointId(), RegisterNames.of(target), code,
                        code == ModbusException.ILLEGAL_DATA_VALUE ? " (value refused)"
                                : ModbusException.isMappingError(code) ? " (config mismatch)" : "");
            } else {
                detail = "write of " + target.pointId() + " failed: " + f.detail();
            }
            LOG.warn("{}/{}: {}", busId, d.plan.deviceId(), detail);
            attributeBusCounters(d);
            h.complete(new WriteOutcome(WriteOutcome.Status.FAILED, detail, f.exceptionCode(), Double.NaN,
                    clock.nanoTime()));
            return true;
        }
        attributeBusCounters(d);
        long interval = Math.clamp(r.verifyWithin().toNanos() / 5, MIN_VERIFY_INTERVAL_NANOS,
                MAX_VERIFY_INTERVAL_NANOS);
        verifying.add(new Verification(h, d, deadline, interval, clock.nanoTime()));
        return true;
    }

    /** One read-back of an acknowledged write; false if interrupted. */
    private boolean verify(Verification v) {
        WriteRequest.ReadBack rb = v.handle.request().readBack();
        ModbusPointSpec p = rb.point();
        long t0 = clock.nanoTime();
        BusReply reply = bus.read(v.device.plan.unitId(), p.table(), p.address(), p.registerCount());
        long t1 = clock.nanoTime();
        if (!count(v.device, reply, t1 - t0)) {
            return false;
        }
        attributeBusCounters(v.device);
        if (reply instanceof Failure f) {
            v.lastFailure = f.detail();
        } else {
            fillRaw(reply, p.registerCount());
            double value = PointDecoder.decode(p, raw, 0);
            v.lastValue = value;
            v.readOnce = true;
            if (Double.isFinite(value) && Math.abs(value - rb.expected()) <= rb.tolerance()) {
                verifying.remove(v);
                v.handle.complete(new WriteOutcome(WriteOutcome.Status.CONFIRMED, String.format(
                        "%s read back %s after %d ms", p.pointId(), value,
                        (t1 - v.handle.submittedNanos()) / 1_000_000), 0, value, t1));
                return true;
            }
        }
        if (t1 - v.deadline >= 0) {
            verifying.remove(v);
            long ms = v.handle.request().verifyWithin().toMillis();
            WriteOutcome outcome;
            if (v.readOnce) {
                outcome = new WriteOutcome(WriteOutcome.Status.NOT_FOLLOWED, String.format(
                        "command not followed: %s := %s acknowledged, but %s read %s (expected %s ± %s) after %d ms",
                        v.handle.request().target().pointId(), v.handle.request().value(), p.pointId(), v.lastValue,
                        rb.expected(), rb.tolerance(), ms), 0, v.lastValue, t1);
            } else {
                outcome = new WriteOutcome(WriteOutcome.Status.FAILED, "write of "
                        + v.handle.request().target().pointId() + " acknowledged, but " + p.pointId()
                        + " could not be read back within " + ms + " ms: " + v.lastFailure, 0, Double.NaN, t1);
            }
            LOG.warn("{}/{}: {}", busId, v.device.plan.deviceId(), outcome.detail());
            v.handle.complete(outcome);
            return true;
        }
        long next = v.nextCheck + v.interval;
        if (next - t1 < 0) {
            next = t1;
        }
        v.nextCheck = next - v.deadline > 0 ? v.deadline : next;
        return true;
    }

    private void fillRaw(BusReply reply, int count) {
        if (reply instanceof BusReply.Registers r) {
            for (int i = 0; i < count; i++) {
                raw[i] = r.word(i);
            }
        } else if (reply instanceof BusReply.Bits bits) {
            for (int i = 0; i < count; i++) {
                raw[i] = bits.bit(i) ? 1 : 0;
            }
        }
    }

    /** A write acknowledged by its device whose read-back is pending; touched only by the polling thread. */
    private static final class Verification {
        final WriteHandle handle;
        final Device device;
        final long deadline;
        final long interval;
        long nextCheck;
        double lastValue = Double.NaN;
        boolean readOnce;
        String lastFailure = "no read-back yet";

        Verification(WriteHandle handle, Device device, long deadline, long interval, long firstCheck) {
            this.handle = handle;
            this.device = device;
            this.deadline = deadline;
            this.interval = interval;
            this.nextCheck = firstCheck;
        }
    }

    private static boolean isRetryable(Failure f) {
        return switch (f.kind()) {
            case TIMEOUT, MALFORMED_REPLY -> true;
            case EXCEPTION_RESPONSE -> ModbusException.isTransient(f.exceptionCode());
            default -> false;
        };
    }

    /**
     * Tells the board once per poll that its samples changed ({@link SampleBoard#batchChanged()}), after the
     * last of them and the device's health are recorded: telemetry then takes the whole reading in one pass.
     */
    private void endBatch() {
        if (boardChanged) {
            boardChanged = false;
            board.batchChanged();
        }
    }

    private void publishValues(Device d, int b, BusReply reply) {
        fillRaw(reply, d.blocks[b].count());
        long at = clock.nanoTime();
        long wall = clock.wallMillis();
        if (d.text[b]) {
            for (int i = 0; i < d.specs[b].length; i++) {
                String text = PointDecoder.decodeString(d.specs[b][i], raw, d.offsets[b][i]);
                texts.publish(d.indices[b][i], text, PointDecoder.textQuality(text), at, wall);
            }
            return;
        }
        ModbusPointSpec[] specs = d.specs[b];
        int[] offsets = d.offsets[b];
        int[] indices = d.indices[b];
        PointWatch[] watches = d.watches[b];
        for (int i = 0; i < specs.length; i++) {
            ModbusPointSpec spec = specs[i];
            double value = PointDecoder.decode(spec, raw, offsets[i]);
            Quality q = watches[i].judge(raw, offsets[i], value, PointDecoder.quality(spec, value));
            boardChanged |= board.update(indices[i], q == Quality.INVALID ? Double.NaN : value, q, at, wall);
        }
    }

    private void publishFailure(Device d, int b, Quality q) {
        long at = clock.nanoTime();
        long wall = clock.wallMillis();
        if (d.text[b]) {
            for (int index : d.indices[b]) {
                texts.publish(index, null, q, at, wall);
            }
            return;
        }
        for (int index : d.indices[b]) {
            boardChanged |= board.update(index, Double.NaN, q, at, wall);
        }
    }

    private void setHealth(Device d, DeviceHealth health, String reason) {
        attributeBusCounters(d);
        long now = clock.nanoTime();
        if (health != d.health || !reason.equals(d.reason)) {
            if (health != d.health) {
                d.sinceNanos = now;
            }
            if (health == d.health) {
                LOG.info("{}/{} still {}: {}", busId, d.plan.deviceId(), health, reason);
            } else if (health == DeviceHealth.ONLINE) {
                LOG.info("{}/{} {}", busId, d.plan.deviceId(), health);
            } else {
                LOG.warn("{}/{} {}: {}", busId, d.plan.deviceId(), health, reason);
            }
            d.health = health;
            d.reason = reason;
        }
        if (d.exceptionsChanged) {
            d.exceptionSnapshot = Map.copyOf(d.exceptionCounts);
            d.exceptionsChanged = false;
        }
        statuses.update(new DeviceStatus(d.plan.deviceId(), health, reason, d.requests, d.failures, d.retries,
                d.lastLatencyNanos, d.sinceNanos, d.timeouts, d.exceptionSnapshot, d.discarded, d.crcErrors,
                d.reconnects, d.maxLatencyNanos));
    }

    /**
     * The health reason while blocks are refused as a mapping error: every refused block up to
     * {@value #MAX_NAMED_REFUSALS}, named as the configuration writes its addresses, then how many more; at most
     * {@value #MAX_REASON_CHARS} characters. {@code config mismatch: exception 02 at input 0x0157 (wire 343)};
     * {@code config mismatch: 3 blocks refused: exception 02 at input 0..13, exception 02 at holding 0..4, ...}.
     */
    static String mismatchReason(int refused, CharSequence names) {
        String reason = DeviceStatus.CONFIG_MISMATCH + ": " + (refused == 1 ? names : refused + " blocks refused: "
                + names + (refused > MAX_NAMED_REFUSALS ? ", and " + (refused - MAX_NAMED_REFUSALS) + " more" : ""));
        return reason.length() <= MAX_REASON_CHARS ? reason : reason.substring(0, MAX_REASON_CHARS - 1) + "…";
    }

    /** Schedule, counters and health of one device; touched only by the polling thread. */
    private static final class Device {
        final DevicePlan plan;
        final ReadBlock[] blocks;
        /** Each block named as in messages, computed once. */
        final String[] blockNames;
        /** Whether each block holds text points, whose indices are on the text board. */
        final boolean[] text;
        /** Polls left before the text blocks are due again (they are due at 0 or below). */
        int pollsUntilText;
        final ModbusPointSpec[][] specs;
        final int[][] offsets;
        final int[][] indices;
        final long periodNanos;
        final long offsetNanos;
        long nextDeadline;
        long requests;
        long failures;
        long retries;
        long lastLatencyNanos;
        long maxLatencyNanos;
        long timeouts;
        long discarded;
        long crcErrors;
        long reconnects;
        final Map<Integer, Long> exceptionCounts = new TreeMap<>();
        Map<Integer, Long> exceptionSnapshot = Map.of();
        boolean exceptionsChanged;
        final PointWatch[][] watches;
        int deadPolls;
        int skipPolls;
        int probeCursor;
        DeviceHealth health = DeviceHealth.UNKNOWN;
        String reason = "not polled yet";
        long sinceNanos;

        Device(DevicePlan plan, List<ReadBlock> planned, SampleBoard board, TextBoard texts,
               SuspectValues suspects) {
            this.plan = plan;
            this.blocks = planned.toArray(ReadBlock[]::new);
            this.blockNames = new String[blocks.length];
            this.text = new boolean[blocks.length];
            for (int b = 0; b < blocks.length; b++) {
                blockNames[b] = RegisterNames.of(blocks[b]);
                text[b] = blocks[b].isText();
            }
            this.specs = new ModbusPointSpec[blocks.length][];
            this.offsets = new int[blocks.length][];
            this.indices = new int[blocks.length][];
            this.watches = new PointWatch[blocks.length][];
            for (int b = 0; b < blocks.length; b++) {
                List<ModbusPointSpec> points = blocks[b].points();
                specs[b] = points.toArray(ModbusPointSpec[]::new);
                watches[b] = new PointWatch[points.size()];
                offsets[b] = new int[points.size()];
                indices[b] = new int[points.size()];
                for (int i = 0; i < points.size(); i++) {
                    offsets[b][i] = points.get(i).address() - blocks[b].address();
                    String id = points.get(i).pointId();
                    indices[b][i] = text[b] ? texts.requireIndex(id) : board.requireIndex(id);
                    watches[b][i] = text[b] ? null : new PointWatch(points.get(i), suspects);
                }
            }
            this.periodNanos = plan.pollPeriod().toNanos();
            this.offsetNanos = plan.pollOffset().toNanos();
        }
    }
}
