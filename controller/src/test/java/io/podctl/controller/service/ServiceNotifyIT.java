package io.podctl.controller.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.podctl.config.ConfigLoader;
import io.podctl.config.LoadResult;
import io.podctl.controller.bootstrap.PodRuntime;
import io.podctl.controller.bootstrap.ServiceManagedHardware;
import io.podctl.controller.bootstrap.SimHardware;
import io.podctl.controller.state.PodObserver;
import io.podctl.controller.testing.MosquittoBroker;
import io.podctl.hal.Clock;
import io.podctl.hal.notify.ServiceNotifier;
import io.podctl.hal.notify.internal.UnixDatagramReceiver;
import io.podctl.hal.notify.internal.UnixDatagramReceiver.Datagram;
import io.podctl.hal.sim.MockGpioPlatform;
import io.podctl.hal.sim.SimPodSettings;
import io.podctl.hal.sim.SimulatedPod;
import io.podctl.sensors.Snapshot;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The simulated pod's controller under a service manager, as systemd runs it: a NOTIFY_SOCKET this test binds (a real
 * Unix datagram socket) and a watchdog timeout in WATCHDOG_USEC. READY=1 comes once the loop runs and the safety inputs
 * are judged, WATCHDOG=1 at half the timeout while the loop cycles, none while the loop is stuck in a cycle, and
 * STOPPING=1 when the orderly stop begins.
 */
class ServiceNotifyIT {
    /** As systemd would pass it for WatchdogSec=600ms: pings every 300 ms. */
    private static final Duration WATCHDOG = Duration.ofMillis(600);
    private static final Duration PING = WATCHDOG.dividedBy(2);
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    @Test
    void readyAfterTheLoopRunsPingsWhileItCyclesAndNoneWhileItIsStalled() throws Exception {
        LoadResult.Valid valid = (LoadResult.Valid) new ConfigLoader().loadExample("sim-pod.yaml");
        MockGpioPlatform gpio = MockGpioPlatform.create();
        try (MosquittoBroker broker = MosquittoBroker.start();
             UnixDatagramReceiver manager = UnixDatagramReceiver.atPath(dir.resolve("notify"));
             SimulatedPod plant = SimulatedPod.start(SimPodSettings.defaults(), gpio, Clock.system())) {
            plant.startRealtime(Duration.ofMillis(50), 1.0);
            ServiceNotifier notifier = ServiceNotifier.fromEnvironment(Map.of(
                    ServiceNotifier.SOCKET_VARIABLE, manager.socketName(),
                    ServiceNotifier.WATCHDOG_USEC_VARIABLE, Long.toString(WATCHDOG.toNanos() / 1000)), 1);
            PodRuntime runtime = PodRuntime.start(valid.config(), new ServiceManagedHardware(new SimHardware(plant,
                    gpio), notifier), Clock.system(), new PodRuntime.Options(List.of(broker.uri()), valid.sha256(),
                    dir.resolve("state"), "-notify"));
            try {
                ServiceNotifications notifications = new ServiceNotifications(notifier, runtime.health());
                runtime.addObserver(notifications);

                Datagram ready = manager.nextWith("READY=1", WAIT);
                assertNotNull(ready, "no READY=1");
                assertTrue(runtime.health().readiness().ok(), runtime.health().readiness().reason());
                assertTrue(ready.text().contains("STATUS=mode "), ready.text());

                // While the loop cycles: a ping every 300 ms, never faster (receipt times jitter with the load, so
                // the count is judged, not each gap).
                Duration window = Duration.ofMillis(2500);
                List<Datagram> pings = pings(manager, window);
                assertTrue(pings.size() >= 3, "pings in 2.5 s: " + pings.size());
                assertTrue(pings.size() <= window.toMillis() / PING.toMillis() + 1, "pings in 2.5 s: " + pings.size());

                // A cycle that blocks (an observer on the loop thread that does not return): the pings stop.
                CountDownLatch release = new CountDownLatch(1);
                CountDownLatch stuck = new CountDownLatch(1);
                AtomicBoolean stall = new AtomicBoolean(true);
                runtime.addObserver(new PodObserver() {
                    @Override
                    public void onSnapshot(Snapshot snapshot) {
                        if (stall.get()) {
                            stuck.countDown();
                            try {
                                release.await(WAIT.toMillis(), TimeUnit.MILLISECONDS);
                            } catch (InterruptedException e) {
                                Thread.currentThread().interrupt();
                            }
                        }
                    }
                });
                assertTrue(stuck.await(WAIT.toMillis(), TimeUnit.MILLISECONDS), "the loop never reached the stall");
                List<Datagram> whileStalled = pings(manager, WATCHDOG.multipliedBy(3));
                // The stuck cycle fed (and may have pinged) before it blocked, and that ping may reach the receiver's
                // queue only now; no feed, so no ping, can follow while the loop thread is blocked. A healthy loop
                // would have pinged six times.
                assertTrue(whileStalled.size() <= 1, "WATCHDOG=1 while the loop was stalled: " + whileStalled.size());
                assertTrue(!runtime.health().liveness().ok(), runtime.health().liveness().reason());

                stall.set(false);
                release.countDown();
                assertNotNull(manager.nextWith("WATCHDOG=1", WAIT), "pings did not resume after the stall");

                notifications.stopping("SIGTERM received");
                Datagram stopping = manager.nextWith("STOPPING=1", WAIT);
                assertNotNull(stopping, "no STOPPING=1");
                assertTrue(stopping.text().contains("STATUS=stopping: SIGTERM received"), stopping.text());
            } finally {
                runtime.close();
                notifier.close();
            }
        }
    }

    /** The WATCHDOG=1 datagrams received during {@code window}. */
    private static List<Datagram> pings(UnixDatagramReceiver manager, Duration window) throws InterruptedException {
        long end = System.nanoTime() + window.toNanos();
        List<Datagram> pings = new ArrayList<>();
        for (long left = window.toNanos(); left > 0; left = end - System.nanoTime()) {
            Datagram d = manager.next(Duration.ofNanos(left));
            if (d != null && d.text().equals("WATCHDOG=1")) {
                pings.add(d);
            }
        }
        return pings;
    }
}
