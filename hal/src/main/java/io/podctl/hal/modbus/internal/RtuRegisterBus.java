package io.podctl.hal.modbus.internal;

import com.fazecast.jSerialComm.SerialPort;
import com.fazecast.jSerialComm.SerialPortInvalidPortException;
import com.ghgande.j2mod.modbus.util.ModbusUtil;
import io.podctl.hal.Clock;
import io.podctl.hal.modbus.BusReply;
import io.podctl.hal.modbus.BusReply.Failure;
import io.podctl.hal.modbus.BusReply.FailureKind;
import io.podctl.hal.modbus.RtuBusSettings;
import java.util.concurrent.locks.LockSupport;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Modbus RTU master on one serial line (RS-485), through jSerialComm. One transaction at a time per line,
 * one attempt per call, bounded by the transaction deadline.
 *
 * <p>Framing does not rely on timing the inter-character gaps (USB adapters and PTYs deliver bytes in
 * bursts): the expected reply length follows from the request, so the reader scans for a frame that starts
 * with the addressed unit and the request's function code and checks its CRC. Bytes that cannot start such a
 * frame are skipped (one discard per run of garbage); a frame with a bad CRC is counted as a CRC error and
 * scanning continues one byte further. If the deadline passes with nothing but garbage, a bad CRC or a
 * truncated frame, the call fails with {@link FailureKind#MALFORMED_REPLY}; with silence, with
 * {@link FailureKind#TIMEOUT}.
 *
 * <p>Before each request the receive buffer is drained (a late reply to a timed-out request is counted as
 * discarded) and the line must have been silent for t3.5 ({@link RtuBusSettings#interFrameGap()}) since the
 * last byte seen or sent; the wait is part of the transaction deadline. Reads poll the port in slices of at
 * most {@value #READ_SLICE_MS} ms, which bounds how far a call can overrun its deadline.
 *
 * <p>Threading: see {@link AbstractRegisterBus}.
 */
public final class RtuRegisterBus extends AbstractRegisterBus {
    private static final Logger LOG = LoggerFactory.getLogger(RtuRegisterBus.class);
    /** Longest single blocking read on the port, in milliseconds. */
    static final int READ_SLICE_MS = 10;
    /** Reconnect backoff of the port (the settings have no fields for it): 100 ms doubling to 5 s. */
    private static final long REOPEN_MIN_NANOS = 100_000_000L;
    private static final long REOPEN_MAX_NANOS = 5_000_000_000L;

    private final RtuBusSettings settings;
    private final String description;
    private final long gapNanos;
    private final long nanosPerChar;
    private final byte[] tx = new byte[256];
    private final byte[] rx = new byte[512];
    private volatile SerialPort port;
    private long lastActivityNanos;

    /** A bus on {@code settings.portName()}; the port is opened on the first call. */
    public RtuRegisterBus(RtuBusSettings settings, Clock clock, RandomGenerator jitter) {
        super(clock, settings.transactionDeadline().toNanos(), new Backoff(REOPEN_MIN_NANOS, REOPEN_MAX_NANOS, jitter));
        this.settings = settings;
        char parity = switch (settings.parity()) {
            case NONE -> 'N';
            case EVEN -> 'E';
            case ODD -> 'O';
        };
        this.description = "rtu:" + settings.portName() + "@" + settings.baudRate() + "-" + settings.dataBits()
                + parity + settings.stopBits();
        this.gapNanos = settings.interFrameGap().toNanos();
        int bitsPerChar = 1 + settings.dataBits() + (parity == 'N' ? 0 : 1) + settings.stopBits();
        this.nanosPerChar = bitsPerChar * 1_000_000_000L / settings.baudRate();
    }

    @Override
    public String describe() {
        return description;
    }

    @Override
    protected void checkUnitId(int unitId) {
        // 0 is broadcast (no reply, so no transaction to bound); 248..255 are reserved on serial lines.
        if (unitId < 1 || unitId > 247) {
            throw new IllegalArgumentException("RTU unit id outside 1..247: " + unitId);
        }
    }

    @Override
    protected String openTransport() {
        SerialPort p;
        try {
            p = SerialPort.getCommPort(settings.portName());
        } catch (SerialPortInvalidPortException e) {
            return "no such serial port: " + e.getMessage();
        }
        int parity = switch (settings.parity()) {
            case NONE -> SerialPort.NO_PARITY;
            case EVEN -> SerialPort.EVEN_PARITY;
            case ODD -> SerialPort.ODD_PARITY;
        };
        int stopBits = settings.stopBits() == 2 ? SerialPort.TWO_STOP_BITS : SerialPort.ONE_STOP_BIT;
        p.setComPortParameters(settings.baudRate(), settings.dataBits(), stopBits, parity);
        int writeTimeoutMs = (int) Math.max(1, settings.transactionDeadline().toMillis());
        p.setComPortTimeouts(SerialPort.TIMEOUT_READ_SEMI_BLOCKING | SerialPort.TIMEOUT_WRITE_BLOCKING,
                READ_SLICE_MS, writeTimeoutMs);
        if (!p.openPort(0)) {
            return "cannot open " + settings.portName() + " (error " + p.getLastErrorCode() + ")";
        }
        port = p;
        lastActivityNanos = clock.nanoTime();
        return null;
    }

    @Override
    protected void closeTransport() {
        SerialPort p = port;
        port = null;
        if (p != null) {
            p.closePort();
        }
    }

    @Override
    protected BusReply transact(int unitId, Pdu pdu, long deadline) {
        SerialPort p = port;
        if (p == null) {
            return Failure.of(FailureKind.CONNECT_FAILED, description + " is closed");
        }
        if (!awaitQuietLine(p, deadline)) {
            return lineFailure(p, deadline, pdu, unitId);
        }
        byte[] body = pdu.bytes();
        tx[0] = (byte) unitId;
        System.arraycopy(body, 0, tx, 1, body.length);
        int len = 1 + body.length;
        int[] crc = ModbusUtil.calculateCRC(tx, 0, len);
        tx[len] = (byte) crc[0];
        tx[len + 1] = (byte) crc[1];
        len += 2;
        int written = p.writeBytes(tx, len, 0);
        if (written != len) {
            dropConnection();
            return isClosed() ? Failure.of(FailureKind.CONNECT_FAILED, description + " is closed")
                    : Failure.of(FailureKind.CONNECTION_LOST, description + ": write failed (" + written + "/" + len + ")");
        }
        // The request is on the wire only after its transmission time; the t3.5 gap counts from its end.
        lastActivityNanos = clock.nanoTime() + len * nanosPerChar;
        return awaitReply(p, unitId, pdu, deadline);
    }

    private BusReply awaitReply(SerialPort p, int unitId, Pdu pdu, long deadline) {
        int have = 0;
        boolean inGarbage = false;
        boolean sawBadFrame = false;
        int expectedByteCount = pdu.functionCode() <= 4 ? pdu.normalReplyLength() - 2 : -1;
        while (true) {
            while (have >= 2) {
                int unit = rx[0] & 0xFF;
                int fc = rx[1] & 0xFF;
                boolean plausible = unit == unitId && pdu.matchesFunction(fc)
                        && !(fc < 0x80 && expectedByteCount >= 0 && have >= 3 && (rx[2] & 0xFF) != expectedByteCount);
                if (!plausible) {
                    if (!inGarbage) {
                        countDiscarded();
                        inGarbage = true;
                        sawBadFrame = true;
                    }
                    have = shift(have, 1);
                    continue;
                }
                int frameLength = (fc & 0x80) != 0 ? 5 : 1 + pdu.normalReplyLength() + 2;
                if (have < frameLength) {
                    break;
                }
                int[] crc = ModbusUtil.calculateCRC(rx, 0, frameLength - 2);
                if ((rx[frameLength - 2] & 0xFF) != crc[0] || (rx[frameLength - 1] & 0xFF) != crc[1]) {
                    countCrcError();
                    LOG.debug("{}: CRC error in reply from unit {}", description, unitId);
                    sawBadFrame = true;
                    inGarbage = true;
                    have = shift(have, 1);
                    continue;
                }
                BusReply reply = pdu.decode(rx, 1, frameLength - 3);
                if (reply == null) {
                    countDiscarded();
                    return pdu.malformed("reply does not match request");
                }
                return reply;
            }
            if (deadline - clock.nanoTime() <= 0) {
                if (have > 0) {
                    countDiscarded();
                }
                if (have > 0 || sawBadFrame) {
                    return pdu.malformed(description + ": unit " + unitId + " sent only "
                            + (have > 0 ? "a truncated frame" : "garbage or CRC errors") + " before the deadline");
                }
                return Failure.of(FailureKind.TIMEOUT, String.format("%s: no reply to %s from unit %d within %d ms",
                        description, pdu, unitId, deadlineNanos / 1_000_000));
            }
            int n = p.readBytes(rx, rx.length - have, have);
            if (n < 0) {
                dropConnection();
                return isClosed() ? Failure.of(FailureKind.CONNECT_FAILED, description + " is closed")
                        : Failure.of(FailureKind.CONNECTION_LOST, description + ": serial read failed");
            }
            if (n > 0) {
                have += n;
                lastActivityNanos = clock.nanoTime();
            }
        }
    }

    /**
     * Drains stale input and waits until the line has been silent for t3.5. Returns false if the line never
     * became quiet before the deadline or the port failed.
     */
    private boolean awaitQuietLine(SerialPort p, long deadline) {
        while (true) {
            int available = p.bytesAvailable();
            if (available < 0) {
                return false;
            }
            if (available > 0) {
                // A late reply to an earlier request, or noise: it must not be read as the next reply.
                while (available > 0) {
                    int n = p.readBytes(rx, Math.min(available, rx.length), 0);
                    if (n <= 0) {
                        break;
                    }
                    available -= n;
                }
                countDiscarded();
                lastActivityNanos = clock.nanoTime();
            }
            long now = clock.nanoTime();
            if (deadline - now <= 0) {
                return false;
            }
            long quietUntil = lastActivityNanos + gapNanos;
            if (now - quietUntil >= 0) {
                int more = p.bytesAvailable();
                if (more == 0) {
                    return true;
                }
                if (more < 0) {
                    return false;
                }
                continue;
            }
            LockSupport.parkNanos(Math.min(quietUntil - now, deadline - now));
        }
    }

    private BusReply lineFailure(SerialPort p, long deadline, Pdu pdu, int unitId) {
        if (p.bytesAvailable() < 0) {
            dropConnection();
            return isClosed() ? Failure.of(FailureKind.CONNECT_FAILED, description + " is closed")
                    : Failure.of(FailureKind.CONNECTION_LOST, description + ": serial port failed");
        }
        return Failure.of(FailureKind.TIMEOUT, description + ": line never quiet for t3.5 before " + pdu
                + " to unit " + unitId);
    }

    private int shift(int have, int by) {
        System.arraycopy(rx, by, rx, 0, have - by);
        return have - by;
    }
}
