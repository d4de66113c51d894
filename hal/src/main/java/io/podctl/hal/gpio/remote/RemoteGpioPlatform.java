package io.podctl.hal.gpio.remote;

import io.podctl.hal.gpio.DigitalIn;
import io.podctl.hal.gpio.DigitalOut;
import io.podctl.hal.gpio.GpioException;
import io.podctl.hal.gpio.GpioPlatform;
import io.podctl.hal.gpio.InputPinSpec;
import io.podctl.hal.gpio.OutputPinSpec;
import io.podctl.hal.gpio.remote.RemoteGpioProtocol.Line;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * GPIO over the network: the controller's pins are those of a remote plant (a HIL rig's simulated plant, served by
 * {@link RemoteGpioServer}), reached over one TCP connection ({@link RemoteGpioProtocol}).
 *
 * <p>Nothing here blocks the caller on I/O. Input levels are cached from a reader thread ({@code remote-gpio-in}),
 * which also connects and reconnects (every 500 ms while the link is down); output levels are handed to a writer
 * thread ({@code remote-gpio-out}), latest level per pin, which also sends the heartbeat. While the link is down,
 * or silent for longer than {@link RemoteGpioProtocol#SILENCE}, or before the plant sent an input's level since
 * it connected, {@link DigitalIn#readLevel()} throws {@link GpioException}, which the sampler turns into a failed
 * input (a supervision fault of a safety input, never a stale "normal"); outputs then read back de-energized,
 * which is what the plant side does to them on a lost link.
 *
 * <p>Unauthenticated and unencrypted: for a rig network only (docs/scenarios.md).
 *
 * <p>Threading: every method is thread-safe; pins may be read and driven from any thread.
 */
public final class RemoteGpioPlatform implements GpioPlatform {
    private static final Logger log = LoggerFactory.getLogger(RemoteGpioPlatform.class);
    private static final long SILENCE_NANOS = RemoteGpioProtocol.SILENCE.toNanos();
    private static final long RECONNECT_NANOS = TimeUnit.MILLISECONDS.toNanos(500);
    private static final int SEND_BUFFER_BYTES = 4096;

    private final InetSocketAddress address;
    /** Input levels the plant sent since the link came up, by BCM pin. */
    private final Map<Integer, Boolean> inputLevels = new ConcurrentHashMap<>();
    /** Output levels the plant reports, by BCM pin. */
    private final Map<Integer, Boolean> plantOutputs = new ConcurrentHashMap<>();
    /** The de-energized level of each provisioned output. */
    private final Map<Integer, Boolean> restLevels = new ConcurrentHashMap<>();
    /** The level the controller drives on each output. */
    private final Map<Integer, Boolean> driven = new ConcurrentHashMap<>();
    /** Outputs whose level changed since the writer last sent it. */
    private final Set<Integer> dirty = ConcurrentHashMap.newKeySet();
    private final Set<Integer> provisioned = ConcurrentHashMap.newKeySet();
    private final Thread reader;
    private final Thread writer;
    private volatile Socket socket;
    private volatile long lastHeard;
    private volatile boolean running = true;

    private RemoteGpioPlatform(InetSocketAddress address) {
        this.address = address;
        reader = new Thread(this::readLoop, "remote-gpio-in");
        writer = new Thread(this::writeLoop, "remote-gpio-out");
        reader.setDaemon(true);
        writer.setDaemon(true);
    }

    /**
     * Starts connecting to the plant at {@code address} and waits up to {@code firstLink} for the link (not
     * failing when it does not come: inputs then read as failed until it does).
     */
    public static RemoteGpioPlatform connect(InetSocketAddress address, Duration firstLink) {
        RemoteGpioPlatform p = new RemoteGpioPlatform(address);
        p.reader.start();
        p.writer.start();
        long deadline = System.nanoTime() + firstLink.toNanos();
        while (!p.linkUp() && System.nanoTime() < deadline) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
        }
        if (!p.linkUp()) {
            log.warn("remote GPIO {} not reachable yet: inputs read as failed until it is", address);
        }
        return p;
    }

    /** Whether the plant is connected and was heard from within {@link RemoteGpioProtocol#SILENCE}. */
    public boolean linkUp() {
        return socket != null && System.nanoTime() - lastHeard < SILENCE_NANOS;
    }

    @Override
    public DigitalIn input(InputPinSpec spec) {
        claim(spec.pin(), spec.id());
        return new RemoteIn(spec);
    }

    @Override
    public DigitalOut output(OutputPinSpec spec) {
        claim(spec.pin(), spec.id());
        boolean rest = spec.activeLow();
        restLevels.put(spec.pin(), rest);
        driven.put(spec.pin(), rest);
        dirty.add(spec.pin());
        LockSupport.unpark(writer);
        return new RemoteOut(spec);
    }

    private void claim(int pin, String id) {
        if (!running) {
            throw new GpioException("remote GPIO " + address + " is closed; cannot provision '" + id + "'");
        }
        if (!provisioned.add(pin)) {
            throw new GpioException("BCM pin " + pin + " is already provisioned; cannot provision '" + id + "'");
        }
    }

    @Override
    public String describe() {
        return "remote GPIO " + address.getHostString() + ":" + address.getPort();
    }

    /** De-energizes every output (sent before the link closes, best effort) and closes the link. */
    @Override
    public void close() {
        restLevels.forEach((pin, rest) -> {
            driven.put(pin, rest);
            dirty.add(pin);
        });
        running = false;
        LockSupport.unpark(writer);
        try {
            writer.join(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        drop(socket);
        reader.interrupt();
    }

    // ---- link threads ----

    private void readLoop() {
        while (running) {
            try (Socket s = new Socket()) {
                // A small send buffer: output levels a slow plant has not read yet must not pile up in the kernel
                // (the writer keeps only the latest level per pin; a deep buffer would deliver old ones first).
                s.setSendBufferSize(SEND_BUFFER_BYTES);
                s.connect(address, 1000);
                s.setTcpNoDelay(true);
                s.setSoTimeout((int) RemoteGpioProtocol.SILENCE.toMillis());
                inputLevels.clear();
                plantOutputs.clear();
                sendAll(s.getOutputStream());
                lastHeard = System.nanoTime();
                socket = s;
                log.info("remote GPIO {} connected", address);
                BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII));
                String text;
                while ((text = in.readLine()) != null) {
                    lastHeard = System.nanoTime();
                    Line line = Line.parse(text);
                    switch (line.verb()) {
                        case "level" -> inputLevels.put(line.pin(), line.level());
                        case "out" -> plantOutputs.put(line.pin(), line.level());
                        default -> { } // ping, or a verb of a later version
                    }
                }
                log.warn("remote GPIO {} closed the link", address);
            } catch (IOException | RuntimeException e) {
                if (socket != null && running) {
                    log.warn("remote GPIO {} link lost: {}", address, e.toString());
                }
            } finally {
                socket = null;
                inputLevels.clear();
                plantOutputs.clear();
            }
            if (running) {
                LockSupport.parkNanos(RECONNECT_NANOS);
            }
        }
    }

    /** On (re)connect, before the writer sees the socket: every output, its rest level and its level. */
    private void sendAll(OutputStream out) throws IOException {
        StringBuilder b = new StringBuilder();
        restLevels.forEach((pin, rest) -> b.append(RemoteGpioProtocol.line("output", pin, rest)));
        driven.forEach((pin, level) -> b.append(RemoteGpioProtocol.line("out", pin, level)));
        out.write(b.toString().getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    private void writeLoop() {
        long heartbeat = RemoteGpioProtocol.HEARTBEAT.toNanos();
        long lastSent = 0;
        while (true) {
            boolean last = !running;
            Socket s = socket;
            if (s != null) {
                StringBuilder b = new StringBuilder();
                for (Integer pin : dirty) {
                    dirty.remove(pin);
                    b.append(RemoteGpioProtocol.line("out", pin, driven.get(pin)));
                }
                if (b.isEmpty() && System.nanoTime() - lastSent >= heartbeat / 2) {
                    b.append("ping\n");
                }
                if (!b.isEmpty()) {
                    try {
                        OutputStream out = s.getOutputStream();
                        out.write(b.toString().getBytes(StandardCharsets.US_ASCII));
                        out.flush();
                        lastSent = System.nanoTime();
                    } catch (IOException e) {
                        drop(s);
                    }
                }
            }
            if (last) {
                return;
            }
            LockSupport.parkNanos(heartbeat / 2);
        }
    }

    private static void drop(Socket s) {
        if (s != null) {
            try {
                s.close();
            } catch (IOException e) {
                // the link is gone either way; the reader reconnects
            }
        }
    }

    // ---- pins ----

    private final class RemoteIn implements DigitalIn {
        private final InputPinSpec spec;

        RemoteIn(InputPinSpec spec) {
            this.spec = spec;
        }

        @Override
        public String id() {
            return spec.id();
        }

        @Override
        public boolean readLevel() {
            if (!linkUp()) {
                throw new GpioException("input '" + spec.id() + "': " + describe()
                        + (socket == null ? " is not connected" : " has been silent for over "
                        + RemoteGpioProtocol.SILENCE.toMillis() + " ms"));
            }
            Boolean level = inputLevels.get(spec.pin());
            if (level == null) {
                throw new GpioException("input '" + spec.id() + "': " + describe() + " has not sent BCM pin "
                        + spec.pin() + "'s level");
            }
            return level;
        }

        @Override
        public void close() {
            provisioned.remove(spec.pin());
        }
    }

    private final class RemoteOut implements DigitalOut {
        private final OutputPinSpec spec;
        private volatile boolean commanded;

        RemoteOut(OutputPinSpec spec) {
            this.spec = spec;
        }

        @Override
        public String id() {
            return spec.id();
        }

        @Override
        public void setEnergized(boolean energized) {
            commanded = energized;
            Boolean before = driven.put(spec.pin(), energized != spec.activeLow());
            if (before == null || before != (energized != spec.activeLow())) {
                dirty.add(spec.pin());
                LockSupport.unpark(writer);
            }
        }

        @Override
        public boolean isCommandedEnergized() {
            return commanded;
        }

        /** The plant's report of the pin; de-energized while the link is down (the plant has de-energized it). */
        @Override
        public boolean readBackEnergized() {
            Boolean level = linkUp() ? plantOutputs.get(spec.pin()) : null;
            return level != null && level != spec.activeLow();
        }

        @Override
        public void close() {
            setEnergized(false);
            provisioned.remove(spec.pin());
        }
    }
}
