package io.podctl.hal.sim.internal;

import com.ghgande.j2mod.modbus.Modbus;
import com.ghgande.j2mod.modbus.msg.ModbusRequest;
import com.ghgande.j2mod.modbus.msg.ModbusResponse;
import com.ghgande.j2mod.modbus.msg.ReadInputRegistersRequest;
import com.ghgande.j2mod.modbus.msg.ReadMultipleRegistersRequest;
import com.ghgande.j2mod.modbus.msg.WriteMultipleRegistersRequest;
import com.ghgande.j2mod.modbus.msg.WriteSingleRegisterRequest;
import com.ghgande.j2mod.modbus.net.AbstractModbusListener;
import com.ghgande.j2mod.modbus.procimg.ProcessImage;
import io.podctl.hal.sim.OfflineMode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One simulated Modbus TCP device: a server socket on its own port, MBAP framing done here, each request's
 * PDU parsed, answered and encoded by j2mod's message classes against a {@link RegisterImage}.
 *
 * <p>Why not j2mod's {@code ModbusSlaveFactory}: in 3.2.1 it keeps slaves in a static map keyed by port,
 * and the listener's {@code setPort} turns port 0 into 502, so ephemeral ports (and several pods per JVM)
 * are impossible and the bound port cannot be read back; its process-image lookup also goes through that
 * static map, and closing a slave may call {@code Thread.stop}, which throws on Java 20+. We need
 * instances that are independent, report their port and can go offline in two ways.
 *
 * <p>Supported functions: 03, 04, 06, 16; anything else gets exception 01. A request for another unit id
 * gets exception 02 (as j2mod's own slave answers); a failure inside the simulator gets 04. Quantities outside 1..125 (reads) or 1..123 (FC16),
 * or a byte count that does not match, get exception 03. A frame with a protocol id other than 0 or an
 * impossible length closes the connection.
 *
 * <p>Threading: one daemon accept thread, one daemon thread per connection (named
 * {@code sim-modbus-<device>@<port>-…}); at most
 * {@value #MAX_CONNECTIONS} connections, further ones are closed at once (overflow policy: refuse the
 * newest). Public methods are thread-safe.
 */
public final class ModbusTcpDeviceServer implements AutoCloseable {
    static final int MAX_CONNECTIONS = 16;
    private static final Logger log = LoggerFactory.getLogger(ModbusTcpDeviceServer.class);

    private final String deviceId;
    private final InetAddress bindAddress;
    private final int unitId;
    private final RegisterImage image;
    private final ImageListener listener;
    private final Set<Socket> connections = ConcurrentHashMap.newKeySet();
    private final AtomicInteger connectionSeq = new AtomicInteger();
    private final AtomicLong requests = new AtomicLong();
    private final AtomicLong exceptionReplies = new AtomicLong();

    private final Object lifecycle = new Object();
    private int port;
    private ServerSocket serverSocket;
    private Thread acceptThread;
    private volatile OfflineMode offline;
    private volatile boolean closed;

    /**
     * @param port 0 for an ephemeral port; once bound, the port is kept across offline/online cycles
     */
    public ModbusTcpDeviceServer(String deviceId, InetAddress bindAddress, int port, int unitId,
                                 RegisterImage image) {
        this.deviceId = Objects.requireNonNull(deviceId, "deviceId");
        this.bindAddress = Objects.requireNonNull(bindAddress, "bindAddress");
        this.port = port;
        this.unitId = unitId;
        this.image = Objects.requireNonNull(image, "image");
        this.listener = new ImageListener(image);
    }

    /** Binds and starts accepting. */
    public void start() throws IOException {
        synchronized (lifecycle) {
            listen();
        }
    }

    /** Where masters connect. */
    public InetSocketAddress endpoint() {
        synchronized (lifecycle) {
            return new InetSocketAddress(bindAddress, port);
        }
    }

    /**
     * Takes the device offline in the given mode, or back online with {@code null}.
     *
     * @throws IllegalStateException when coming back online cannot bind the port again
     */
    public void setOffline(OfflineMode mode) {
        synchronized (lifecycle) {
            if (closed || mode == offline) {
                return;
            }
            OfflineMode before = offline;
            offline = mode;
            if (mode == OfflineMode.REFUSE_CONNECTIONS) {
                stopListening();
            } else if (before == OfflineMode.REFUSE_CONNECTIONS) {
                try {
                    listen();
                } catch (IOException e) {
                    throw new IllegalStateException("device " + deviceId + " cannot listen again on port " + port, e);
                }
            }
            log.info("device {} {}", deviceId, mode == null ? "back online" : "offline: " + mode);
        }
    }

    /** Requests received and answered or dropped, since start. */
    public long requests() {
        return requests.get();
    }

    /** Exception responses sent since start. */
    public long exceptionReplies() {
        return exceptionReplies.get();
    }

    /** Stops listening and closes every connection. Idempotent. */
    @Override
    public void close() {
        synchronized (lifecycle) {
            closed = true;
            stopListening();
        }
    }

    private void listen() throws IOException {
        ServerSocket ss = new ServerSocket();
        try {
            ss.setReuseAddress(true);
            ss.bind(new InetSocketAddress(bindAddress, port), 50);
        } catch (IOException e) {
            ss.close();
            throw e;
        }
        port = ss.getLocalPort();
        serverSocket = ss;
        String threadPrefix = "sim-modbus-" + deviceId + "@" + port;
        Thread t = new Thread(() -> acceptLoop(ss, threadPrefix), threadPrefix + "-accept");
        t.setDaemon(true);
        acceptThread = t;
        t.start();
    }

    /**
     * Closes the listening socket, waits for the accept thread to leave {@code accept()} (until then the
     * kernel may still complete connections on the closing socket), then closes every connection, including
     * one accepted just before the close.
     */
    private void stopListening() {
        if (serverSocket != null) {
            closeQuietly(serverSocket);
            serverSocket = null;
        }
        if (acceptThread != null && acceptThread != Thread.currentThread()) {
            try {
                acceptThread.join(1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            acceptThread = null;
        }
        for (Socket s : connections) {
            closeQuietly(s);
        }
        connections.clear();
    }

    private void acceptLoop(ServerSocket ss, String threadPrefix) {
        while (!ss.isClosed()) {
            Socket s;
            try {
                s = ss.accept();
            } catch (IOException e) {
                if (!ss.isClosed()) {
                    log.warn("device {}: accept failed: {}", deviceId, e.toString());
                }
                return;
            }
            if (connections.size() >= MAX_CONNECTIONS) {
                log.warn("device {}: more than {} connections; closing the newest from {}", deviceId,
                        MAX_CONNECTIONS, s.getRemoteSocketAddress());
                closeQuietly(s);
                continue;
            }
            connections.add(s);
            if (ss.isClosed()) {
                // stopListening() gave up waiting for this thread; do not outlive it.
                connections.remove(s);
                closeQuietly(s);
                return;
            }
            Thread t = new Thread(() -> serve(s), threadPrefix + "-conn-" + connectionSeq.incrementAndGet());
            t.setDaemon(true);
            t.start();
        }
    }

    private void serve(Socket s) {
        try (s) {
            s.setTcpNoDelay(true);
            DataInputStream in = new DataInputStream(new BufferedInputStream(s.getInputStream()));
            OutputStream out = new BufferedOutputStream(s.getOutputStream());
            while (!closed) {
                int transactionId = in.readUnsignedShort();
                int protocolId = in.readUnsignedShort();
                int length = in.readUnsignedShort();
                // length counts the unit id and the PDU; a PDU is 1..253 bytes.
                if (protocolId != 0 || length < 2 || length > 254) {
                    log.debug("device {}: bad MBAP header (protocol {}, length {}); closing", deviceId,
                            protocolId, length);
                    return;
                }
                byte[] body = new byte[length];
                in.readFully(body);
                requests.incrementAndGet();
                if (offline == OfflineMode.NO_REPLY) {
                    continue;
                }
                out.write(frame(transactionId, answer(body)));
                out.flush();
            }
        } catch (EOFException | SocketException e) {
            log.debug("device {}: connection ended: {}", deviceId, e.toString());
        } catch (IOException e) {
            log.debug("device {}: connection failed: {}", deviceId, e.toString());
        } finally {
            connections.remove(s);
        }
    }

    /** The response PDU (function code first) for a request body (unit id, then PDU). */
    private ModbusResponse answer(byte[] body) {
        int unit = body[0] & 0xFF;
        int function = body[1] & 0xFF;
        ModbusRequest request = ModbusRequest.createModbusRequest(function);
        request.setUnitID(unit);
        if (unit != unitId) {
            return exception(request, Modbus.ILLEGAL_ADDRESS_EXCEPTION);
        }
        if (!(request instanceof ReadInputRegistersRequest || request instanceof ReadMultipleRegistersRequest
                || request instanceof WriteSingleRegisterRequest || request instanceof WriteMultipleRegistersRequest)) {
            return exception(request, Modbus.ILLEGAL_FUNCTION_EXCEPTION);
        }
        try {
            request.readData(new DataInputStream(new ByteArrayInputStream(body, 2, body.length - 2)));
        } catch (IOException | RuntimeException e) {
            // Truncated PDU, or an FC16 byte count shorter than its register count.
            return exception(request, Modbus.ILLEGAL_VALUE_EXCEPTION);
        }
        int code = check(request, body.length - 2);
        if (code != 0) {
            return exception(request, code);
        }
        ModbusResponse response;
        try {
            response = image.withLock(() -> request.createResponse(listener));
        } catch (RuntimeException e) {
            log.error("device {}: request {} failed inside the simulator", deviceId, request.getHexMessage(), e);
            return exception(request, Modbus.SLAVE_DEVICE_FAILURE);
        }
        if (response.getFunctionCode() >= Modbus.EXCEPTION_OFFSET) {
            exceptionReplies.incrementAndGet();
        }
        return response;
    }

    private int check(ModbusRequest request, int dataLength) {
        if (request instanceof ReadInputRegistersRequest r) {
            return quantityOk(r.getWordCount(), 125);
        }
        if (request instanceof ReadMultipleRegistersRequest r) {
            return quantityOk(r.getWordCount(), 125);
        }
        if (request instanceof WriteSingleRegisterRequest w) {
            return image.checkWrite(w.getReference(), new int[] {w.getRegister().toUnsignedShort()});
        }
        WriteMultipleRegistersRequest w = (WriteMultipleRegistersRequest) request;
        int count = w.getWordCount();
        // data = address(2) + quantity(2) + byte count(1) + 2 bytes per register
        if (quantityOk(count, 123) != 0 || dataLength != 5 + 2 * count) {
            return Modbus.ILLEGAL_VALUE_EXCEPTION;
        }
        int[] values = new int[count];
        for (int i = 0; i < count; i++) {
            values[i] = w.getRegister(i).toUnsignedShort();
        }
        return image.checkWrite(w.getReference(), values);
    }

    private static int quantityOk(int count, int max) {
        return count >= 1 && count <= max ? 0 : Modbus.ILLEGAL_VALUE_EXCEPTION;
    }

    private ModbusResponse exception(ModbusRequest request, int code) {
        exceptionReplies.incrementAndGet();
        return request.createExceptionResponse(code);
    }

    private byte[] frame(int transactionId, ModbusResponse response) {
        byte[] data = response.getMessage();
        int dataLength = data == null ? 0 : data.length;
        byte[] frame = new byte[8 + dataLength];
        frame[0] = (byte) (transactionId >> 8);
        frame[1] = (byte) transactionId;
        // protocol id 0 in bytes 2..3
        int length = dataLength + 2;
        frame[4] = (byte) (length >> 8);
        frame[5] = (byte) length;
        frame[6] = (byte) response.getUnitID();
        frame[7] = (byte) response.getFunctionCode();
        if (dataLength > 0) {
            System.arraycopy(data, 0, frame, 8, dataLength);
        }
        return frame;
    }

    private static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception e) {
            log.debug("close failed: {}", e.toString());
        }
    }

    /** Hands j2mod's request classes our image; never runs as a listener thread. */
    private static final class ImageListener extends AbstractModbusListener {
        private final RegisterImage image;

        ImageListener(RegisterImage image) {
            this.image = image;
        }

        @Override
        public ProcessImage getProcessImage(int unitId) {
            return image;
        }

        @Override
        public void run() {
            throw new UnsupportedOperationException("not a listener thread");
        }

        @Override
        public void stop() {
        }
    }
}
