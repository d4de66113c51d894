package io.podctl.controller.scenario;

import io.podctl.hal.sim.SimulatedPins;
import io.podctl.hal.sim.SimulatedPod;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The control channel of a plant served on its own ({@code podctl sim --plant-only}): plant commands in (one line
 * each, the language of {@link LocalPlantControl}, answered {@code ok} or {@code error REASON}), and the plant's
 * output pins out ({@code pin PIN 0|1} for each of BCM pins 0..27 on connect and on every change, sampled every
 * millisecond). {@code hello} answers {@code ok timeScale=X}. {@code podctl scenario run --target remote} is its
 * client ({@link RemotePlantControl}); {@code nc} works too.
 *
 * <p>Unauthenticated and unencrypted: whoever reaches the port injects faults into the plant, so it listens on
 * 127.0.0.1 unless told otherwise, and beyond that belongs on a rig network only.
 *
 * <p>Threading: an accept thread, a thread per client reading its commands (carried out one at a time across
 * clients), and one thread sampling the pins for every client.
 */
public final class PlantControlServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(PlantControlServer.class);
    static final int PIN_COUNT = 28;

    private final ServerSocket server;
    private final LocalPlantControl plant;
    private final List<Client> clients = new CopyOnWriteArrayList<>();
    private final boolean[] levels = new boolean[PIN_COUNT];
    private volatile boolean running = true;

    private PlantControlServer(ServerSocket server, LocalPlantControl plant) {
        this.server = server;
        this.plant = plant;
    }

    /**
     * Serves {@code plant}, whose pins are {@code wiring}, on {@code bind} (port 0: an ephemeral one).
     *
     * @throws UncheckedIOException when the port cannot be bound
     */
    public static PlantControlServer start(SimulatedPod plant, SimulatedPins wiring, double timeScale,
                                           InetSocketAddress bind) {
        try {
            ServerSocket s = new ServerSocket();
            s.setReuseAddress(true);
            s.bind(bind);
            PlantControlServer p = new PlantControlServer(s, new LocalPlantControl(plant, wiring, timeScale));
            daemon(p::acceptLoop, "plant-control-accept");
            daemon(p::sampleLoop, "plant-control-pins");
            return p;
        } catch (IOException e) {
            throw new UncheckedIOException("the plant's control channel cannot listen on " + bind + ": "
                    + e.getMessage(), e);
        }
    }

    /** Where it listens (the actual port). */
    public InetSocketAddress endpoint() {
        return (InetSocketAddress) server.getLocalSocketAddress();
    }

    private static void daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        t.start();
    }

    private void acceptLoop() {
        while (running) {
            try {
                Socket s = server.accept();
                s.setTcpNoDelay(true);
                Client c = new Client(s);
                synchronized (levels) {
                    StringBuilder b = new StringBuilder();
                    for (int pin = 0; pin < PIN_COUNT; pin++) {
                        b.append(pinLine(pin, levels[pin]));
                    }
                    c.send(b.toString());
                    clients.add(c);
                }
                daemon(c::serve, "plant-control-client");
                log.info("plant control: client {} connected", s.getRemoteSocketAddress());
            } catch (IOException e) {
                if (running) {
                    log.warn("plant control accept failed: {}", e.toString());
                }
            }
        }
    }

    private void sampleLoop() {
        long next = System.nanoTime();
        while (running) {
            synchronized (levels) {
                StringBuilder b = new StringBuilder();
                for (int pin = 0; pin < PIN_COUNT; pin++) {
                    boolean now = plant.outputLevel(pin);
                    if (now != levels[pin]) {
                        levels[pin] = now;
                        b.append(pinLine(pin, now));
                    }
                }
                if (!b.isEmpty()) {
                    clients.forEach(c -> c.send(b.toString()));
                }
            }
            next += TimeUnit.MILLISECONDS.toNanos(1);
            LockSupport.parkNanos(Math.max(0, next - System.nanoTime()));
        }
    }

    private static String pinLine(int pin, boolean level) {
        return "pin " + pin + " " + (level ? "1" : "0") + "\n";
    }

    /** One command, answered. Commands of all clients are carried out one at a time. */
    private String answer(String command) {
        if (command.isBlank()) {
            return "error empty command";
        }
        if (command.trim().equals("hello")) {
            return String.format(Locale.ROOT, "ok timeScale=%s", plant.timeScale());
        }
        synchronized (plant) {
            try {
                plant.act(command);
                return "ok";
            } catch (RuntimeException e) {
                return "error " + String.valueOf(e.getMessage()).replace('\n', ' ');
            }
        }
    }

    @Override
    public void close() {
        running = false;
        try {
            server.close();
        } catch (IOException e) {
            // closing anyway
        }
        clients.forEach(Client::close);
    }

    /** A connected client. */
    private final class Client {
        private final Socket socket;

        Client(Socket socket) {
            this.socket = socket;
        }

        void serve() {
            try (socket) {
                BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(),
                        StandardCharsets.UTF_8));
                String line;
                while ((line = in.readLine()) != null) {
                    send(answer(line) + "\n");
                }
            } catch (IOException e) {
                // the client went away
            } finally {
                clients.remove(this);
            }
        }

        /** Writes a whole message (lines of a reply and of pin changes never interleave). */
        synchronized void send(String text) {
            try {
                OutputStream out = socket.getOutputStream();
                out.write(text.getBytes(StandardCharsets.UTF_8));
                out.flush();
            } catch (IOException e) {
                close();
            }
        }

        void close() {
            clients.remove(this);
            try {
                socket.close();
            } catch (IOException e) {
                // already gone
            }
        }
    }
}
