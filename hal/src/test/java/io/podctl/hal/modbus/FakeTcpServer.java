package io.podctl.hal.modbus;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A misbehaving Modbus TCP server on 127.0.0.1 written with raw sockets: each accepted connection is handed to
 * a {@link Handler} on its own thread. Counts the requests it read through {@link #readRequest}.
 */
final class FakeTcpServer implements AutoCloseable {
    interface Handler {
        /** Serves one connection; {@code index} counts connections from 0. */
        void serve(int index, Socket socket, FakeTcpServer server) throws IOException;
    }

    /** One request as read from the wire. */
    record Request(int transactionId, int unitId, byte[] pdu) {
        int functionCode() {
            return pdu[0] & 0xFF;
        }
    }

    private final ServerSocket server;
    private final AtomicInteger connections = new AtomicInteger();
    final AtomicInteger requests = new AtomicInteger();
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();

    FakeTcpServer(Handler handler) throws IOException {
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(() -> {
            while (!server.isClosed()) {
                try {
                    Socket s = server.accept();
                    sockets.add(s);
                    int index = connections.getAndIncrement();
                    Thread t = new Thread(() -> {
                        try (s) {
                            handler.serve(index, s, this);
                        } catch (IOException ignored) {
                            // The client went away; that is what several tests provoke.
                        }
                    }, "fake-conn-" + index);
                    t.setDaemon(true);
                    t.start();
                } catch (IOException e) {
                    return;
                }
            }
        }, "fake-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    int port() {
        return server.getLocalPort();
    }

    int connections() {
        return connections.get();
    }

    /** Reads one MBAP request frame. */
    Request readRequest(InputStream in) throws IOException {
        DataInputStream din = new DataInputStream(in);
        int tid = din.readUnsignedShort();
        din.readUnsignedShort();
        int len = din.readUnsignedShort();
        int unit = din.readUnsignedByte();
        byte[] pdu = new byte[len - 1];
        din.readFully(pdu);
        requests.incrementAndGet();
        return new Request(tid, unit, pdu);
    }

    /** An MBAP frame around {@code pdu}. */
    static byte[] frame(int tid, int unit, int... pdu) {
        byte[] f = new byte[7 + pdu.length];
        f[0] = (byte) (tid >> 8);
        f[1] = (byte) tid;
        f[4] = (byte) ((pdu.length + 1) >> 8);
        f[5] = (byte) (pdu.length + 1);
        f[6] = (byte) unit;
        for (int i = 0; i < pdu.length; i++) {
            f[7 + i] = (byte) pdu[i];
        }
        return f;
    }

    /** The reply PDU of FC03/FC04 carrying {@code words}. */
    static int[] registersPdu(int fc, int... words) {
        int[] pdu = new int[2 + 2 * words.length];
        pdu[0] = fc;
        pdu[1] = 2 * words.length;
        for (int i = 0; i < words.length; i++) {
            pdu[2 + 2 * i] = words[i] >> 8;
            pdu[3 + 2 * i] = words[i] & 0xFF;
        }
        return pdu;
    }

    @Override
    public void close() throws IOException {
        server.close();
        for (Socket s : sockets) {
            s.close();
        }
    }
}
