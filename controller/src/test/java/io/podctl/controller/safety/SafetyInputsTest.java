package io.podctl.controller.safety;

import static io.podctl.controller.safety.PartBench.S;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.podctl.controller.safety.ProtectionSpec.BadData;
import io.podctl.controller.safety.ProtectionSpec.Kind;
import io.podctl.sensors.Quality;
import org.junit.jupiter.api.Test;

/** Which inputs the start-up reset waits for, and whether they are all GOOD. */
class SafetyInputsTest {
    private static final int TEMP = 0;
    private static final int SETPOINT = 1;
    private static final int C1 = 2;
    private static final int C2 = 3;
    private static final int HUMIDITY = 4;

    private final PartBench bench = new PartBench("temp", "setpoint", "c1", "c2", "humidity");
    private final VotingGroup[] groups = {new VotingGroup(new GroupSpec("flows", "", new int[] {C1, C2},
            new String[] {"c1", "c2"}, 1, 5, 30 * S))};
    private final SafetyInputs inputs = new SafetyInputs(PartBench.protections(0,
            ProtectionSpec.builder("temp-dev", "temp", TEMP).kind(Kind.DEVIATION).setpointPoint(SETPOINT)
                    .levels(Double.NaN, Double.NaN, 5).build(),
            ProtectionSpec.onGroup("flow-low", "flows", 0).kind(Kind.LOW).levels(Double.NaN, Double.NaN, 100).build(),
            ProtectionSpec.builder("humidity-high", "humidity", HUMIDITY).levels(Double.NaN, 80, Double.NaN)
                    .onBadData(BadData.ALARM).build()), groups);

    @Test
    void everyInputWhoseBadDataTripsIsASafetyInputTheSetpointOfATrippingDeviationToo() {
        assertArrayEquals(new int[] {TEMP, SETPOINT, C1, C2}, inputs.points());
    }

    @Test
    void theyAreGoodOnlyWhenEveryOneIsAndAChangeIsReported() {
        assertFalse(inputs.update(bench.snapshot()), "not good before any sample, as at construction");
        bench.set(TEMP, 30).set(C1, 200).set(C2, 200);
        assertFalse(inputs.update(bench.snapshot()));
        assertFalse(inputs.good(), "the setpoint has not delivered");
        bench.set(SETPOINT, 30);
        assertTrue(inputs.update(bench.snapshot()));
        assertTrue(inputs.good());
        bench.bad(HUMIDITY, Quality.COMM_FAIL);
        assertFalse(inputs.update(bench.snapshot()), "an alarm-only input does not gate the start-up reset");
        bench.bad(C2, Quality.STALE);
        assertTrue(inputs.update(bench.snapshot()));
        assertFalse(inputs.good());
    }
}
