package io.podctl.controller.scenario;

import io.podctl.hal.sim.SimPodSettings;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerArray;

/**
 * A plant in another process, through its control channel ({@link PlantControlServer}): commands sent and their
 * answers awaited (up to {@link #REPLY_TIMEOUT_SECONDS} s), the output pins cached from the lines the plant pushes.
 * The plant is taken to have the simulated pod's default wiring ({@link SimPodSettings.Pins#defaults()}), which is
 * what {@code podctl sim --plant-only} serves.
 *
 * <p>Threading: {@link #act} from one thread at a time (it blocks for the answer); {@link #outputLevel} from any,
 * non-blocking. One reader thread, {@code plant-control-in}.
 */
final class RemotePlantControl implements PlantControl {
    static final int REPLY_TIMEOUT_SECONDS = 5;

    private final InetSocketAddress address;
    private final Socket socket;
    private final BlockingQueue<String> replies = new LinkedBlockingQueue<>();
    /** -1 not known yet, else 0 or 1. */
    private final AtomicIntegerArray pins = new AtomicIntegerArray(PlantControlServer.PIN_COUNT);
    private final double timeScale;

    private RemotePlantControl(InetSocketAddress address) throws IOException {
        this.address = address;
        for (int i = 0; i < pins.length(); i++) {
            pins.set(i, -1);
        }
        socket = new Socket();
        socket.connect(address, 5000);
        socket.setTcpNoDelay(true);
        Thread reader = new Thread(this::read, "plant-control-in");
        reader.setDaemon(true);
        reader.start();
        String hello = request("hello");
        timeScale = Double.parseDouble(hello.substring(hello.indexOf("timeScale=") + 10).split(" ")[0]);
    }

    /** Connects to the plant's control channel at {@code address}. */
    static RemotePlantControl connect(InetSocketAddress address) throws IOException {
        return new RemotePlantControl(address);
    }

    private void read() {
        try {
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            String line;
            while ((line = in.readLine()) != null) {
                if (line.startsWith("pin ")) {
                    String[] w = line.split(" ");
                    pins.set(Integer.parseInt(w[1]), Integer.parseInt(w[2]));
                } else {
                    replies.add(line);
                }
            }
        } catch (IOException e) {
            // closed
        }
        replies.add("error the plant at " + address + " closed its control channel");
    }

    private synchronized String request(String command) {
        try {
            OutputStream out = socket.getOutputStream();
            out.write((command + "\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
            String reply = replies.poll(REPLY_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            if (reply == null) {
                throw new IllegalStateException("the plant at " + address + " did not answer '" + command + "' within "
                        + REPLY_TIMEOUT_SECONDS + " s");
            }
            if (!reply.startsWith("ok")) {
                throw new IllegalArgumentException("the plant refused '" + command + "': "
                        + reply.replaceFirst("^error ", ""));
            }
            return reply;
        } catch (IOException e) {
            throw new UncheckedIOException("plant control " + address + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    @Override
    public void act(String command) {
        request(command);
    }

    @Override
    public boolean outputLevel(int bcmPin) {
        return pins.get(bcmPin) == 1;
    }

    @Override
    public SimPodSettings.Pins pins() {
        return SimPodSettings.Pins.defaults();
    }

    @Override
    public double timeScale() {
        return timeScale;
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException e) {
            // gone already
        }
    }
}
