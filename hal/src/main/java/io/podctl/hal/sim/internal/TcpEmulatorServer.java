package io.podctl.hal.sim.internal;

import io.podctl.hal.modbus.ModbusException;
import io.podctl.hal.sim.Fault;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Emulated devices served over Modbus TCP: one listening socket on its own port, MBAP framing done here, each
 * request handed to the {@link DeviceCore} of its unit id. With one device it is that device; with several it
 * is a gateway in front of them.
 *
 * <p>A request for a unit id that is not served gets exception 02 from a single device (as j2mod's own slave
 * and many small devices answer) and exception 0B (target device failed to respond) from a gateway. A frame
 * with a protocol id other than 0 or an impossible length closes the connection.
 *
 * <p>{@link Fault.RefuseConnections}: while every served device has it, the port is closed (open connections
 * too) and connections are refused; clearing it listens again on the same port. While only some units of a
 * gateway have it, a request for one of them closes its connection.
 *
 * <p>Why not j2mod's {@code ModbusSlaveFactory}: in 3.2.1 it keeps slaves in a static map keyed by port, and
 * the listener's {@code setPort} turns port 0 into 502, so ephemeral ports (and several emulators per JVM) are
 * impossible and the bound port cannot be read back; closing a slave may call {@code Thread.stop}, which
 * throws on Java 20+. Fault injection needs control of every byte of the reply anyway.
 *
 * <p>Threading: one daemon accept thread and one daemon thread per connection (named
 * {@code sim-modbus-<name>@<port>-…}); delayed replies go through the emulator's timer. At most
 * {@value #MAX_CONNECTIONS} connections; further ones are closed at once (overflow policy: refuse the newest).
 * Public methods are thread-safe.
 */
public final class TcpEmulatorServer implements AutoCloseable {
    static final int MAX_CONNECTIONS = 16;
    private static final Logger LOG = LoggerFactory.getLogger(TcpEmulatorServer.class);

    private final String name;
    private final InetAddress bindAddress;
    private final Map<Integer, DeviceCore> units = new LinkedHashMap<>();
    private final EmulatorTimer timer;
    private final Runnable faultListener = this::faultsChanged;
    private final Set<Conn> connections = ConcurrentHashMap.newKeySet();
    private final AtomicInteger connectionSeq = new AtomicInteger();
    private final SplittableRandom random = new SplittableRandom(0x5EED);

    private final Object lifecycle = new Object();
    private int port;
    private ServerSocket serverSocket;
    private Thread acceptThread;
    private boolean refusing;
    private volatile boolean closed;

    /**
     * @param port 0 for an ephemeral port; once bound, the port is kept across refuse/accept cycles
     * @throws IllegalArgumentException when two devices share a unit id
     */
    public TcpEmulatorServer(String name, InetAddress bindAddress, int port, List<DeviceCore> devices,
                             EmulatorTimer timer) {
        this.name = Objects.requireNonNull(name, "name");
        this.bindAddress = Objects.requireNonNull(bindAddress, "bindAddress");
        this.port = port;
        this.timer = Objects.requireNonNull(timer, "timer");
        if (devices.isEmpty()) {
            throw new IllegalArgumentException("no devices to serve");
        }
        for (DeviceCore d : devices) {
            if (units.put(d.unitId(), d) != null) {
                throw new IllegalArgumentException("unit id " + d.unitId() + " served twice on " + name);
            }
        }
    }

    /** Binds and starts accepting (unless every device already refuses connections). */
    public void start() throws IOException {
        synchronized (lifecycle) {
            refusing = allRefuse();
            if (!refusing) {
                listen();
            } else if (port == 0) {
                // Bind once to learn the port, so that endpoint() is meaningful, then refuse.
                listen();
                stopListening();
            }
        }
        for (DeviceCore d : units.values()) {
            d.onFaultsChanged(faultListener);
        }
    }

    /** Where masters connect. */
    public InetSocketAddress endpoint() {
        synchronized (lifecycle) {
            return new InetSocketAddress(bindAddress, port);
        }
    }

    /** Stops listening and closes every connection. Idempotent. */
    @Override
    public void close() {
        for (DeviceCore d : units.values()) {
            d.removeFaultListener(faultListener);
        }
        synchronized (lifecycle) {
            closed = true;
            stopListening();
        }
    }

    private boolean allRefuse() {
        for (DeviceCore d : units.values()) {
            if (!d.has(Fault.RefuseConnections.class)) {
                return false;
            }
        }
        return true;
    }

    private void faultsChanged() {
        synchronized (lifecycle) {
            if (closed) {
                return;
            }
            boolean refuse = allRefuse();
            if (refuse == refusing) {
                return;
            }
            refusing = refuse;
            if (refuse) {
                stopListening();
                LOG.info("{}: refusing connections on port {}", name, port);
            } else {
                try {
                    listen();
                } catch (IOException e) {
                    throw new IllegalStateException(name + " cannot listen again on port " + port, e);
                }
                LOG.info("{}: accepting connections again on port {}", name, port);
            }
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
        String threadPrefix = "sim-modbus-" + name + "@" + port;
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
        for (Conn c : connections) {
            c.hangup();
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
                    LOG.warn("{}: accept failed: {}", name, e.toString());
                }
                return;
            }
            if (connections.size() >= MAX_CONNECTIONS) {
                LOG.warn("{}: more than {} connections; closing the newest from {}", name, MAX_CONNECTIONS,
                        s.getRemoteSocketAddress());
                closeQuietly(s);
                continue;
            }
            Conn conn;
            try {
                conn = new Conn(s);
            } catch (IOException e) {
                closeQuietly(s);
                continue;
            }
            connections.add(conn);
            if (ss.isClosed()) {
                // stopListening() gave up waiting for this thread; do not outlive it.
                connections.remove(conn);
                conn.hangup();
                return;
            }
            Thread t = new Thread(conn::serve, threadPrefix + "-conn-" + connectionSeq.incrementAndGet());
            t.setDaemon(true);
            t.start();
        }
    }

    /** One master's connection. */
    private final class Conn implements Outbox.Sink {
        final Socket socket;
        final OutputStream out;
        final Outbox outbox;

        Conn(Socket socket) throws IOException {
            this.socket = socket;
            socket.setTcpNoDelay(true);
            this.out = socket.getOutputStream();
            this.outbox = new Outbox(name + " " + socket.getRemoteSocketAddress(), this, timer::get, true);
        }

        @Override
        public void write(byte[] bytes) throws IOException {
            out.write(bytes);
            out.flush();
        }

        @Override
        public void hangup() {
            outbox.close();
            closeQuietly(socket);
        }

        void serve() {
            try {
                DataInputStream in = new DataInputStream(new BufferedInputStream(socket.getInputStream()));
                while (!closed) {
                    int transactionId = in.readUnsignedShort();
                    int protocolId = in.readUnsignedShort();
                    int length = in.readUnsignedShort();
                    // length counts the unit id and the PDU; a PDU is 1..253 bytes.
                    if (protocolId != 0 || length < 2 || length > 254) {
                        LOG.debug("{}: bad MBAP header (protocol {}, length {}); closing", name, protocolId, length);
                        return;
                    }
                    byte[] body = new byte[length];
                    in.readFully(body);
                    int unit = body[0] & 0xFF;
                    DeviceCore device = units.get(unit);
                    if (device == null) {
                        int code = units.size() == 1 ? ModbusException.ILLEGAL_DATA_ADDRESS
                                : ModbusException.GATEWAY_TARGET_FAILED;
                        byte[] pdu = {(byte) (body[1] | 0x80), (byte) code};
                        outbox.send(List.of(Outbox.Chunk.now(frame(transactionId, unit, pdu))));
                        continue;
                    }
                    switch (device.process(body, 1, length - 1)) {
                        case DeviceCore.Answer.NoReply n -> {
                        }
                        case DeviceCore.Answer.Hangup h -> {
                            return;
                        }
                        case DeviceCore.Answer.Reply r -> {
                            List<Outbox.Chunk> chunks;
                            synchronized (random) {
                                chunks = Delivery.tcp(frame(transactionId, unit, r.pdu()), r.delivery(), random);
                            }
                            outbox.send(chunks);
                        }
                    }
                }
            } catch (EOFException | SocketException e) {
                LOG.debug("{}: connection ended: {}", name, e.toString());
            } catch (IOException e) {
                LOG.debug("{}: connection failed: {}", name, e.toString());
            } finally {
                connections.remove(this);
                // Delayed chunks still pending are dropped: nobody is left to read them.
                hangup();
            }
        }
    }

    private static byte[] frame(int transactionId, int unit, byte[] pdu) {
        byte[] frame = new byte[7 + pdu.length];
        frame[0] = (byte) (transactionId >> 8);
        frame[1] = (byte) transactionId;
        int length = pdu.length + 1;
        frame[4] = (byte) (length >> 8);
        frame[5] = (byte) length;
        frame[6] = (byte) unit;
        System.arraycopy(pdu, 0, frame, 7, pdu.length);
        return frame;
    }

    private static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception e) {
            LOG.debug("close failed: {}", e.toString());
        }
    }
}
