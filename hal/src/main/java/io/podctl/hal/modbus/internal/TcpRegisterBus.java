package io.podctl.hal.modbus.internal;

import io.podctl.hal.Clock;
import io.podctl.hal.modbus.BusReply;
import io.podctl.hal.modbus.BusReply.Failure;
import io.podctl.hal.modbus.BusReply.FailureKind;
import io.podctl.hal.modbus.TcpBusSettings;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Modbus TCP master on one socket (MBAP framing), one attempt per call bounded by the transaction deadline.
 *
 * <p>j2mod's {@code ModbusTCPTransaction} is deliberately not used: it retries (its default of 5, and
 * {@code retries <= 0} silently means 5), its socket timeout applies per read rather than to the whole
 * transaction, and its transport trusts the MBAP length field (garbage makes it index past its buffer).
 * Here every socket read gets the time left until the transaction deadline as its SO_TIMEOUT, so a half-open
 * socket or a peer that trickles bytes cannot hold the caller past the deadline.
 *
 * <p>Reply matching: a frame with another transaction id (a late reply to an earlier, timed-out request) or
 * another unit id is counted as discarded and skipped, and reading continues until the deadline. A frame whose
 * header is not Modbus TCP (protocol id not 0, impossible length) means the stream has lost its framing: the
 * socket is dropped and the call fails with {@link FailureKind#MALFORMED_REPLY}. On a timeout the socket is
 * dropped too, so a reply that arrives later can never be taken for the answer to the next request; a frame
 * cut short by the timeout (a peer that dribbles and stalls) or by the peer closing the connection is counted
 * as discarded.
 *
 * <p>Threading: see {@link AbstractRegisterBus}. Host names are resolved on each connection attempt by the
 * platform resolver, which has no deadline of ours: configure IP addresses for field devices.
 */
public final class TcpRegisterBus extends AbstractRegisterBus {
    private static final Logger LOG = LoggerFactory.getLogger(TcpRegisterBus.class);
    private static final int MBAP_LENGTH = 7;
    /** The MBAP length field counts unit id + PDU; a PDU is at most 253 bytes. */
    private static final int MAX_MBAP_LENGTH_FIELD = 254;

    private final TcpBusSettings settings;
    private final String description;
    private final byte[] tx = new byte[MBAP_LENGTH + 260];
    private final byte[] rx = new byte[MBAP_LENGTH + MAX_MBAP_LENGTH_FIELD];
    private volatile Socket socket;
    private InputStream in;
    private OutputStream out;
    private int transactionId;
    /** Bytes of the frame being read so far; non-zero at a timeout means a truncated frame is dropped. */
    private int frameBytes;

    /** A bus to {@code settings.host():settings.port()}; nothing is opened until the first call. */
    public TcpRegisterBus(TcpBusSettings settings, Clock clock, RandomGenerator jitter) {
        super(clock, settings.transactionDeadline().toNanos(),
                new Backoff(settings.reconnectMin().toNanos(), settings.reconnectMax().toNanos(), jitter));
        this.settings = settings;
        String host = settings.host().contains(":") ? "[" + settings.host() + "]" : settings.host();
        this.description = "tcp://" + host + ":" + settings.port();
    }

    @Override
    public String describe() {
        return description;
    }

    @Override
    protected void checkUnitId(int unitId) {
        // 0 and 255 are used by many TCP devices that ignore the unit id; gateways route 1..247.
        if (unitId < 0 || unitId > 255) {
            throw new IllegalArgumentException("unit id outside 0..255: " + unitId);
        }
    }

    @Override
    protected String openTransport() {
        Socket s = new Socket();
        try {
            s.setTcpNoDelay(true);
            s.setKeepAlive(true);
            s.connect(new InetSocketAddress(settings.host(), settings.port()),
                    (int) Math.max(1, settings.connectTimeout().toMillis()));
            socket = s;
            in = s.getInputStream();
            out = s.getOutputStream();
            return null;
        } catch (IOException e) {
            closeQuietly(s);
            return e.getClass().getSimpleName() + ": " + e.getMessage();
        }
    }

    @Override
    protected void closeTransport() {
        Socket s = socket;
        socket = null;
        if (s != null) {
            closeQuietly(s);
        }
    }

    @Override
    protected BusReply transact(int unitId, Pdu pdu, long deadline) {
        transactionId = (transactionId + 1) & 0xFFFF;
        byte[] p = pdu.bytes();
        putWord(tx, 0, transactionId);
        putWord(tx, 2, 0);
        putWord(tx, 4, p.length + 1);
        tx[6] = (byte) unitId;
        System.arraycopy(p, 0, tx, MBAP_LENGTH, p.length);
        Socket s = socket;
        if (s == null) {
            return Failure.of(FailureKind.CONNECT_FAILED, description + " is closed");
        }
        try {
            out.write(tx, 0, MBAP_LENGTH + p.length);
            out.flush();
            while (true) {
                frameBytes = 0;
                readFully(s, rx, 0, MBAP_LENGTH, deadline);
                int tid = Pdu.word(rx, 0);
                int protocol = Pdu.word(rx, 2);
                int length = Pdu.word(rx, 4);
                if (protocol != 0 || length < 2 || length > MAX_MBAP_LENGTH_FIELD) {
                    countDiscarded();
                    dropConnection();
                    LOG.debug("{}: not a Modbus TCP header (protocol {}, length {}), reconnecting", description,
                            protocol, length);
                    return pdu.malformed("not a Modbus TCP frame");
                }
                readFully(s, rx, MBAP_LENGTH, length - 1, deadline);
                frameBytes = 0;
                int unit = rx[6] & 0xFF;
                if (tid != transactionId || unit != unitId) {
                    // A late reply to an earlier request, or a gateway answering for another unit: skip it.
                    countDiscarded();
                    LOG.debug("{}: discarded reply tid {} unit {} while waiting for tid {} unit {}", description, tid,
                            unit, transactionId, unitId);
                    continue;
                }
                BusReply reply = pdu.decode(rx, MBAP_LENGTH, length - 1);
                if (reply == null) {
                    countDiscarded();
                    return pdu.malformed("reply does not match request");
                }
                return reply;
            }
        } catch (SocketTimeoutException e) {
            if (frameBytes > 0) {
                // Part of a frame, then nothing: the truncated frame is dropped with the connection.
                countDiscarded();
            }
            dropConnection();
            return Failure.of(FailureKind.TIMEOUT, String.format("%s: no reply to %s from unit %d within %d ms",
                    description, pdu, unitId, deadlineNanos / 1_000_000));
        } catch (EOFException e) {
            if (frameBytes > 0) {
                countDiscarded();
            }
            dropConnection();
            return Failure.of(FailureKind.CONNECTION_LOST, description + ": connection closed by peer during " + pdu);
        } catch (IOException e) {
            dropConnection();
            if (isClosed()) {
                return Failure.of(FailureKind.CONNECT_FAILED, description + " is closed");
            }
            return Failure.of(FailureKind.CONNECTION_LOST, description + ": " + e.getMessage());
        }
    }

    /** Reads exactly {@code len} bytes, giving each read the time left until {@code deadline} as SO_TIMEOUT. */
    private void readFully(Socket s, byte[] buf, int off, int len, long deadline) throws IOException {
        int done = 0;
        while (done < len) {
            long remaining = deadline - clock.nanoTime();
            if (remaining <= 0) {
                throw new SocketTimeoutException("transaction deadline");
            }
            // SO_TIMEOUT 0 would mean "forever": never round down to it.
            s.setSoTimeout((int) Math.max(1, (remaining + 999_999) / 1_000_000));
            int n = in.read(buf, off + done, len - done);
            if (n < 0) {
                throw new EOFException();
            }
            done += n;
            frameBytes += n;
        }
    }

    private static void putWord(byte[] buf, int off, int value) {
        buf[off] = (byte) (value >> 8);
        buf[off + 1] = (byte) value;
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // Nothing left to release: the socket is unusable either way.
        }
    }
}
