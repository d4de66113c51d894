package io.podctl.hal.gpio.remote;

import io.podctl.hal.gpio.remote.RemoteGpioProtocol.Line;
import io.podctl.hal.sim.SimulatedPins;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The plant's side of remote GPIO: the {@link SimulatedPins} a simulated plant drives, served over TCP to one
 * controller's {@link RemoteGpioPlatform} at a time (a new connection replaces the previous one, as a restarted
 * controller's does). Input levels go to the controller on connect and on every change; the controller's output
 * levels are what {@link #outputLevel} returns. When the controller's link closes or is silent for
 * {@link RemoteGpioProtocol#SILENCE}, every output it provisioned goes to its de-energized level.
 *
 * <p>Unauthenticated and unencrypted: whoever reaches the port drives the plant's outputs, so bind it to
 * 127.0.0.1 or a rig network only.
 *
 * <p>Threading: thread-safe; {@link #setInputLevel} and {@link #outputLevel} never block (one accept thread, and a
 * reader and a writer thread per connection, do the I/O).
 */
public final class RemoteGpioServer implements SimulatedPins, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(RemoteGpioServer.class);

    private final ServerSocket server;
    private final Map<Integer, Boolean> inputs = new ConcurrentHashMap<>();
    private final Map<Integer, Boolean> outputs = new ConcurrentHashMap<>();
    private final Map<Integer, Boolean> restLevels = new ConcurrentHashMap<>();
    private final Thread acceptor;
    private volatile Connection current;
    private volatile boolean running = true;

    private RemoteGpioServer(ServerSocket server) {
        this.server = server;
        acceptor = new Thread(this::acceptLoop, "remote-gpio-accept");
        acceptor.setDaemon(true);
    }

    /**
     * Listens on {@code bind} (port 0: an ephemeral one).
     *
     * @throws UncheckedIOException when the port cannot be bound
     */
    public static RemoteGpioServer start(InetSocketAddress bind) {
        try {
            ServerSocket s = new ServerSocket();
            s.setReuseAddress(true);
            s.bind(bind);
            RemoteGpioServer r = new RemoteGpioServer(s);
            r.acceptor.start();
            return r;
        } catch (IOException e) {
            throw new UncheckedIOException("remote GPIO cannot listen on " + bind + ": " + e.getMessage(), e);
        }
    }

    /** Where it listens (the actual port). */
    public InetSocketAddress endpoint() {
        return (InetSocketAddress) server.getLocalSocketAddress();
    }

    /** Whether a controller is connected now. */
    public boolean connected() {
        return current != null;
    }

    @Override
    public void setInputLevel(int bcmPin, boolean high) {
        Boolean before = inputs.put(bcmPin, high);
        Connection c = current;
        if (c != null && (before == null || before != high)) {
            c.send(RemoteGpioProtocol.line("level", bcmPin, high));
        }
    }

    @Override
    public boolean outputLevel(int bcmPin) {
        return Boolean.TRUE.equals(outputs.get(bcmPin));
    }

    @Override
    public void forceOutputsDeEnergized() {
        restLevels.forEach(this::setOutput);
    }

    private void setOutput(int pin, boolean level) {
        outputs.put(pin, level);
        Connection c = current;
        if (c != null) {
            c.send(RemoteGpioProtocol.line("out", pin, level));
        }
    }

    @Override
    public void close() {
        running = false;
        try {
            server.close();
        } catch (IOException e) {
            // closing: nothing to do about it
        }
        Connection c = current;
        if (c != null) {
            c.close();
        }
    }

    private void acceptLoop() {
        while (running) {
            try {
                Socket s = server.accept();
                s.setTcpNoDelay(true);
                s.setSoTimeout((int) RemoteGpioProtocol.SILENCE.toMillis());
                Connection previous = current;
                if (previous != null) {
                    previous.close();
                }
                Connection c = new Connection(s);
                current = c;
                inputs.forEach((pin, level) -> c.send(RemoteGpioProtocol.line("level", pin, level)));
                c.start();
                log.info("remote GPIO: controller {} connected", s.getRemoteSocketAddress());
            } catch (IOException e) {
                if (running) {
                    log.warn("remote GPIO accept failed: {}", e.toString());
                }
            }
        }
    }

    /** One controller's connection: a reader and a writer thread. */
    private final class Connection {
        private final Socket socket;
        private final BlockingQueue<String> outbox = new LinkedBlockingQueue<>();
        private volatile boolean open = true;

        Connection(Socket socket) {
            this.socket = socket;
        }

        void send(String line) {
            outbox.offer(line);
        }

        void start() {
            Thread r = new Thread(this::read, "remote-gpio-link-in");
            Thread w = new Thread(this::write, "remote-gpio-link-out");
            r.setDaemon(true);
            w.setDaemon(true);
            r.start();
            w.start();
        }

        private void read() {
            try {
                BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(),
                        StandardCharsets.US_ASCII));
                String text;
                while ((text = in.readLine()) != null) {
                    Line line = Line.parse(text);
                    switch (line.verb()) {
                        case "output" -> restLevels.put(line.pin(), line.level());
                        case "out" -> setOutput(line.pin(), line.level());
                        default -> { } // ping
                    }
                }
            } catch (SocketException e) {
                // closed by us (replaced, or shutting down) or reset by the controller
            } catch (IOException | RuntimeException e) {
                log.warn("remote GPIO: controller link lost: {}", e.toString());
            } finally {
                close();
            }
        }

        private void write() {
            long heartbeat = RemoteGpioProtocol.HEARTBEAT.toMillis();
            try {
                OutputStream out = socket.getOutputStream();
                while (open) {
                    String first = outbox.poll(heartbeat / 2, TimeUnit.MILLISECONDS);
                    StringBuilder b = new StringBuilder();
                    if (first != null) {
                        b.append(first);
                    } else {
                        // the heartbeat repeats every input level, so that no level can stay out of date
                        inputs.forEach((pin, level) -> b.append(RemoteGpioProtocol.line("level", pin, level)));
                        b.append("ping\n");
                    }
                    String more;
                    while ((more = outbox.poll()) != null) {
                        b.append(more);
                    }
                    out.write(b.toString().getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                }
            } catch (IOException e) {
                close();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        /** Once: the outputs go de-energized (the controller is gone), the socket closes. */
        synchronized void close() {
            if (!open) {
                return;
            }
            open = false;
            if (current == this) {
                current = null;
                restLevels.forEach(outputs::put);
                log.warn("remote GPIO: controller link closed; every output de-energized");
            }
            try {
                socket.close();
            } catch (IOException e) {
                // already closed
            }
        }
    }
}
