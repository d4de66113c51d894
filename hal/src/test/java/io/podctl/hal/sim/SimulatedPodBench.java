package io.podctl.hal.sim;

import com.ghgande.j2mod.modbus.facade.ModbusTCPMaster;
import io.podctl.hal.ManualClock;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Arrays;

/**
 * A bench harness, not a test (surefire does not pick it up): the cost of one plant step and the
 * round-trip time of a Modbus read against the simulated CDU on loopback. Run with the test classpath:
 * {@code java -cp hal/target/classes:hal/target/test-classes:<deps> io.podctl.hal.sim.SimulatedPodBench}.
 */
public final class SimulatedPodBench {
    private SimulatedPodBench() {
    }

    public static void main(String[] args) throws Exception {
        try (PodFixture f = new PodFixture(new ManualClock())) {
            f.energizeAllRacks();
            Duration[] steps = {Duration.ofMillis(100), Duration.ofSeconds(1)};
            for (int round = 0; round < 3; round++) {
                for (Duration dt : steps) {
                    for (int i = 0; i < 50_000; i++) {
                        f.pod.step(dt);
                    }
                }
            }
            for (Duration dt : steps) {
                int n = 200_000;
                long t0 = System.nanoTime();
                for (int i = 0; i < n; i++) {
                    f.pod.step(dt);
                }
                long perStep = (System.nanoTime() - t0) / n;
                System.out.printf("step(%s): %d ns per step (%d substeps)%n", dt, perStep,
                        Math.max(1, (int) Math.ceil(dt.toNanos() / 1e8)));
            }

            InetSocketAddress cdu = f.pod.endpoint(SimulatedPod.CDU);
            ModbusTCPMaster m = new ModbusTCPMaster(cdu.getAddress().getHostAddress(), cdu.getPort(), 1000, false);
            m.connect();
            m.setRetries(1);
            for (int i = 0; i < 5_000; i++) {
                m.readInputRegisters(1, 0, 14);
            }
            int n = 20_000;
            long[] rtt = new long[n];
            for (int i = 0; i < n; i++) {
                long t0 = System.nanoTime();
                m.readInputRegisters(1, 0, 14);
                rtt[i] = System.nanoTime() - t0;
            }
            m.disconnect();
            Arrays.sort(rtt);
            System.out.printf("FC04 x14 round trip on loopback: p50 %d us, p99 %d us, max %d us%n",
                    rtt[n / 2] / 1000, rtt[n * 99 / 100] / 1000, rtt[n - 1] / 1000);
        }
    }
}
