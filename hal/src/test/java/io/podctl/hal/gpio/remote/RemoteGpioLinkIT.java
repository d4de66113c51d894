package io.podctl.hal.gpio.remote;

import io.podctl.hal.gpio.DigitalIn;
import io.podctl.hal.gpio.DigitalOut;
import io.podctl.hal.gpio.GpioException;
import io.podctl.hal.gpio.InputPinSpec;
import io.podctl.hal.gpio.OutputPinSpec;
import io.podctl.hal.gpio.Pull;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The network GPIO's safety behaviour over real TCP on loopback: a lost, silent or freshly reconnected link reads
 * as a failed input (never a stale level), levels resume when the plant returns, output writes never block the
 * caller, and the plant de-energizes the outputs when the controller's link closes or goes silent. Either side is
 * the product's own class or a plain socket that plays the other side's part badly (stops reading, goes silent).
 * Waits are generous: the machine may be loaded.
 */
class RemoteGpioLinkIT {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();
    private static final int LEAK = 17;
    private static final int CONTACTOR = 22;
    private static final int ACTIVE_LOW_RELAY = 23;

    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "test-fake-peer");
        t.setDaemon(true);
        return t;
    });
    private final List<AutoCloseable> open = new CopyOnWriteArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        timer.shutdownNow();
        for (AutoCloseable c : open.reversed()) {
            c.close();
        }
    }

    private <T extends AutoCloseable> T track(T c) {
        open.add(c);
        return c;
    }

    private RemoteGpioServer plant(int port) {
        return track(RemoteGpioServer.start(new InetSocketAddress(LOOPBACK, port)));
    }

    private RemoteGpioPlatform controller(InetSocketAddress plant) {
        return track(RemoteGpioPlatform.connect(plant, Duration.ofSeconds(5)));
    }

    private static boolean readsFailed(DigitalIn in) {
        try {
            in.readLevel();
            return false;
        } catch (GpioException e) {
            return true;
        }
    }

    private static boolean reads(DigitalIn in, boolean level) {
        try {
            return in.readLevel() == level;
        } catch (GpioException e) {
            return false;
        }
    }

    @Test
    void aLostLinkReadsAsFailedAndLevelsResumeWhenThePlantReturns() {
        RemoteGpioServer plant = plant(0);
        int port = plant.endpoint().getPort();
        plant.setInputLevel(LEAK, true);
        RemoteGpioPlatform link = controller(plant.endpoint());
        DigitalIn leak = link.input(new InputPinSpec("leak1", LEAK, Pull.UP));

        await().atMost(WAIT).until(() -> reads(leak, true));
        plant.setInputLevel(LEAK, false);
        await().atMost(WAIT).until(() -> reads(leak, false));

        plant.close();
        await().atMost(WAIT).until(() -> readsFailed(leak));
        GpioException down = assertThrows(GpioException.class, leak::readLevel);
        assertTrue(down.getMessage().contains("leak1"), down.getMessage());
        assertFalse(link.linkUp());

        // The plant returns on the same port without having set the pin yet: connected, but no level has arrived
        // since the reconnect, so the input still reads as failed rather than the last level heard before.
        RemoteGpioServer back = plant(port);
        await().atMost(WAIT).until(back::connected);
        await().atMost(WAIT).until(link::linkUp);
        GpioException noLevel = assertThrows(GpioException.class, leak::readLevel);
        assertTrue(noLevel.getMessage().contains("has not sent BCM pin " + LEAK), noLevel.getMessage());

        back.setInputLevel(LEAK, true);
        await().atMost(WAIT).until(() -> reads(leak, true));
    }

    @Test
    void aPlantThatFallsSilentReadsAsFailed() throws Exception {
        ServerSocket fake = track(new ServerSocket(0, 1, LOOPBACK));
        RemoteGpioPlatform link = controller((InetSocketAddress) fake.getLocalSocketAddress());
        DigitalIn leak = link.input(new InputPinSpec("leak1", LEAK, Pull.UP));
        Socket s = track(fake.accept());
        OutputStream out = s.getOutputStream();
        out.write(("level " + LEAK + " 1\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
        // Heartbeats keep the link up until the plant falls silent; the socket stays open all along.
        var heartbeat = timer.scheduleAtFixedRate(() -> send(out, "ping\n"), 0, 50, TimeUnit.MILLISECONDS);
        await().atMost(WAIT).until(() -> reads(leak, true));

        heartbeat.cancel(false);
        await().atMost(WAIT).until(() -> readsFailed(leak));
        assertFalse(link.linkUp());
    }

    @Test
    void outputWritesNeverBlockTheCallerAndTheLatestLevelWins() throws Exception {
        ServerSocket fake = track(new ServerSocket());
        fake.setReceiveBufferSize(1024);
        fake.bind(new InetSocketAddress(LOOPBACK, 0), 1);
        RemoteGpioPlatform link = controller((InetSocketAddress) fake.getLocalSocketAddress());
        DigitalOut contactor = link.output(new OutputPinSpec("rack1", CONTACTOR, false));
        DigitalOut marker = link.output(new OutputPinSpec("beacon", ACTIVE_LOW_RELAY, false));
        Socket s = track(fake.accept());
        OutputStream out = s.getOutputStream();
        timer.scheduleAtFixedRate(() -> send(out, "ping\n"), 0, 50, TimeUnit.MILLISECONDS);

        // The plant reads nothing: toggle until the writer thread is stuck in a socket write (buffers full). One
        // toggle per millisecond: the writer sends the latest level only, so faster toggles would coalesce and
        // fill the buffers no sooner.
        AtomicInteger toggles = new AtomicInteger();
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(1)).until(() -> {
            int n = toggles.getAndIncrement();
            contactor.setEnergized(n % 2 == 0);
            return n % 50 == 49 && writerStuckInWrite(); // every thread's stack costs a safepoint: look now and then
        });
        assertTrue(link.linkUp(), "the plant still sends heartbeats; only its reading stopped");

        // With the writer stuck, the caller's writes still return at once (bounded generously: only a block fails).
        assertTimeoutPreemptively(WAIT, () -> {
            for (int i = 0; i < 100_000; i++) {
                contactor.setEnergized(i % 2 == 1);
            }
            contactor.setEnergized(true);
            marker.setEnergized(true);
        });

        // The plant reads again: after the marker's level and the next heartbeat, the contactor's last level sent
        // is the latest one commanded.
        AtomicInteger contactorLevel = new AtomicInteger(-1);
        AtomicInteger stage = new AtomicInteger(); // 0: before the marker, 1: marker seen, 2: a ping after it
        Thread drain = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(),
                    StandardCharsets.US_ASCII))) {
                String line;
                while ((line = in.readLine()) != null) {
                    if (line.equals("out " + CONTACTOR + " 0") || line.equals("out " + CONTACTOR + " 1")) {
                        contactorLevel.set(line.endsWith("1") ? 1 : 0);
                    } else if (line.equals("out " + ACTIVE_LOW_RELAY + " 1")) {
                        stage.compareAndSet(0, 1);
                    } else if (line.equals("ping")) {
                        stage.compareAndSet(1, 2);
                    }
                }
            } catch (IOException e) {
                // the test closes the socket
            }
        }, "test-drain");
        drain.setDaemon(true);
        drain.start();
        await().atMost(WAIT).until(() -> stage.get() == 2);
        assertEquals(1, contactorLevel.get(), "the latest level commanded reaches the plant");
        assertTrue(contactor.isCommandedEnergized());
    }

    private static boolean writerStuckInWrite() {
        return Thread.getAllStackTraces().entrySet().stream()
                .filter(e -> e.getKey().getName().equals("remote-gpio-out"))
                .anyMatch(e -> Arrays.stream(e.getValue()).anyMatch(f -> f.getMethodName().contains("write")
                        && (f.getClassName().contains("Socket") || f.getClassName().contains("Net"))));
    }

    @Test
    void thePlantDeEnergizesEveryOutputWhenTheControllerLinkCloses() throws Exception {
        RemoteGpioServer plant = plant(0);
        Socket controller = track(new Socket(LOOPBACK, plant.endpoint().getPort()));
        OutputStream out = controller.getOutputStream();
        // A contactor (energized high) and an active-low relay (energized low), both energized.
        send(out, "output " + CONTACTOR + " 0\noutput " + ACTIVE_LOW_RELAY + " 1\nout " + CONTACTOR + " 1\nout "
                + ACTIVE_LOW_RELAY + " 0\n");
        var heartbeat = timer.scheduleAtFixedRate(() -> send(out, "ping\n"), 0, 50, TimeUnit.MILLISECONDS);
        await().atMost(WAIT).until(() -> plant.outputLevel(CONTACTOR) && !plant.outputLevel(ACTIVE_LOW_RELAY));

        heartbeat.cancel(false);
        controller.close(); // no de-energize sent first: the controller died
        await().atMost(WAIT).until(() -> !plant.outputLevel(CONTACTOR) && plant.outputLevel(ACTIVE_LOW_RELAY));
        await().atMost(WAIT).until(() -> !plant.connected());
    }

    @Test
    void thePlantDeEnergizesEveryOutputWhenTheControllerFallsSilent() throws Exception {
        RemoteGpioServer plant = plant(0);
        Socket controller = track(new Socket(LOOPBACK, plant.endpoint().getPort()));
        OutputStream out = controller.getOutputStream();
        send(out, "output " + CONTACTOR + " 0\nout " + CONTACTOR + " 1\n");
        var heartbeat = timer.scheduleAtFixedRate(() -> send(out, "ping\n"), 0, 50, TimeUnit.MILLISECONDS);
        await().atMost(WAIT).until(() -> plant.outputLevel(CONTACTOR));

        heartbeat.cancel(false); // the socket stays open: a hung controller, not a closed one
        await().atMost(WAIT).until(() -> !plant.outputLevel(CONTACTOR));
        await().atMost(WAIT).until(() -> !plant.connected());
    }

    @Test
    void theControllersOwnPlatformDrivesThePlantAndItsCloseDeEnergizes() {
        RemoteGpioServer plant = plant(0);
        RemoteGpioPlatform link = controller(plant.endpoint());
        DigitalOut contactor = link.output(new OutputPinSpec("rack1", CONTACTOR, false));
        contactor.setEnergized(true);
        await().atMost(WAIT).until(() -> plant.outputLevel(CONTACTOR));
        await().atMost(WAIT).until(contactor::readBackEnergized);

        link.close();
        await().atMost(WAIT).until(() -> !plant.outputLevel(CONTACTOR));
    }

    private static void send(OutputStream out, String text) {
        try {
            out.write(text.getBytes(StandardCharsets.US_ASCII));
            out.flush();
        } catch (IOException e) {
            // the peer is gone: the test's awaits judge what follows
        }
    }
}
