package io.podctl.controller.safety;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.podctl.controller.safety.LoadShedder.Event;
import io.podctl.controller.safety.LoadShedder.Event.Type;
import io.podctl.controller.safety.LoadShedder.Spec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Load shedding on a manual time axis, against a tiny plant whose racks draw what the test says. */
class LoadShedderTest {
    private static final long MS = 1_000_000L;
    private static final long S = 1_000 * MS;
    private static final long PERIOD = 100 * MS;
    private static final List<String> RACKS = List.of("a", "b", "c", "d");

    /** An event with the loop time it was drained at, printed as "12.3 SHED a". */
    record Timed(long t, Event e) {
        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%.1f %s%s", (double) t / S, e.type(),
                    e.rackId() == null ? "" : " " + e.rackId());
        }
    }

    /** Pod power = base + what each running rack draws; a shed rack draws (and reads) 0. One update per period. */
    static final class Plant {
        final LoadShedder shedder;
        final double[] draw;
        final boolean[] meterDead;
        double base;
        double flow = Double.NaN;
        boolean powerBad;
        long now;
        final List<Timed> log = new ArrayList<>();

        Plant(LoadShedder shedder, double base, double... draw) {
            this.shedder = shedder;
            this.base = base;
            this.draw = draw.clone();
            this.meterDead = new boolean[draw.length];
        }

        double power() {
            double p = base;
            for (int i = 0; i < draw.length; i++) {
                p += shedder.isShed(i) ? 0 : draw[i];
            }
            return p;
        }

        void step() {
            double[] racks = new double[draw.length];
            for (int i = 0; i < draw.length; i++) {
                racks[i] = meterDead[i] ? Double.NaN : shedder.isShed(i) ? 0 : draw[i];
            }
            shedder.update(now, powerBad ? Double.NaN : power(), flow, racks);
            List<Event> drained = new ArrayList<>();
            shedder.drainEvents(drained);
            for (Event e : drained) {
                log.add(new Timed(now, e));
            }
            now += PERIOD;
        }

        /** Runs updates at every period up to and including {@code t}. */
        void runTo(long t) {
            while (now <= t) {
                step();
            }
        }

        List<String> transitions() {
            return log.stream().map(Timed::toString).toList();
        }
    }

    private static Spec spec(double budget, double hysteresis) {
        return new Spec(RACKS, budget, hysteresis, 5 * S, 30 * S, Double.NaN);
    }

    static Stream<Arguments> shedTable() {
        // 4 racks of 300 W on a 100 W base: 1300 W from t = 0.
        return Stream.of(
                Arguments.of(1300.0, List.of()),                                    // at the budget is not above it
                Arguments.of(1250.0, List.of("5.0 SHED a")),
                Arguments.of(900.0, List.of("5.0 SHED a", "10.0 SHED b")),
                Arguments.of(350.0, List.of("5.0 SHED a", "10.0 SHED b", "15.0 SHED c", "20.0 SHED d")),
                Arguments.of(50.0, List.of("5.0 SHED a", "10.0 SHED b", "15.0 SHED c", "20.0 SHED d")));
    }

    @ParameterizedTest(name = "budget {0} W -> {1}")
    @MethodSource("shedTable")
    void shedsAfterExactlyShedDelayOneRackPerDelayInPriorityOrder(double budget, List<String> expected) {
        Plant plant = new Plant(new LoadShedder(spec(budget, 50)), 100, 300, 300, 300, 300);
        plant.runTo(120 * S);
        assertEquals(expected, plant.transitions());
        assertEquals(expected.size(), plant.shedder.shedCount());
        for (int i = 0; i < 4; i++) {
            assertEquals(i < expected.size(), plant.shedder.isShed(i), "rack " + i);
        }
    }

    @Test
    void shedRemembersTheMeasuredDrawAndSaysWhy() {
        Plant plant = new Plant(new LoadShedder(spec(1000, 50)), 250, 200, 300, 300, 300);
        plant.runTo(11 * S);
        assertEquals(List.of("5.0 SHED a", "10.0 SHED b"), plant.transitions());
        assertEquals(Map.of("a", 200.0, "b", 300.0), plant.shedder.shedRacks());
        String msg = plant.log.get(0).e().message();
        assertTrue(msg.contains("1350 W above the available 1000 W") && msg.contains("expected draw 200 W"), msg);
    }

    @Test
    void restoresTheLastShedRackAfterRestoreDelayOnlyWhileThePredictionStaysBelowBudgetLessHysteresis() {
        // a 200, b 300, c 300, d 300 on a 250 W base = 1350 W; budget 1000, hysteresis 50: restore needs <= 950.
        Plant plant = new Plant(new LoadShedder(spec(1000, 50)), 250, 200, 300, 300, 300);
        plant.runTo(19_900 * MS);
        assertEquals(List.of("5.0 SHED a", "10.0 SHED b"), plant.transitions()); // 850 W now

        plant.base = 0;                 // 600 W: b predicted 900 <= 950, a waits behind it
        plant.runTo(200 * S);
        assertEquals(List.of("5.0 SHED a", "10.0 SHED b", "50.0 RESTORED b"), plant.transitions());
        assertEquals(900, plant.power());

        plant.draw[3] = 151;            // 751 W: a predicted 951 > 950, stays shed
        plant.runTo(300 * S - PERIOD);
        assertTrue(plant.shedder.isShed(0));
        plant.draw[3] = 150;            // 750 W: a predicted exactly 950 -> restored 30 s later
        plant.runTo(400 * S);
        assertEquals(List.of("5.0 SHED a", "10.0 SHED b", "50.0 RESTORED b", "330.0 RESTORED a"),
                plant.transitions());
        assertEquals(0, plant.shedder.shedCount());
        assertEquals(Map.of(), plant.shedder.shedRacks());
    }

    @Test
    void restoresOneRackPerRestoreDelayInReverseShedOrder() {
        Plant plant = new Plant(new LoadShedder(spec(1000, 50)), 250, 200, 300, 300, 300);
        plant.runTo(19_900 * MS);
        plant.base = -600;  // lots of room (a generator in the pod, say): both would fit at once
        plant.runTo(200 * S);
        assertEquals(List.of("5.0 SHED a", "10.0 SHED b", "50.0 RESTORED b", "80.0 RESTORED a"),
                plant.transitions());
    }

    @Test
    void aMomentWithoutRoomRestartsTheRestoreCountdown() {
        Plant plant = new Plant(new LoadShedder(spec(1000, 50)), 250, 200, 300, 300, 300);
        plant.runTo(19_900 * MS);
        plant.base = 0;                  // room for b from 20.0 s
        plant.runTo(40 * S - PERIOD);
        plant.base = 100;                // one sample where b's prediction is 1000 > 950
        plant.step();
        plant.base = 0;                  // room again from 40.1 s
        plant.runTo(100 * S);
        assertEquals(List.of("5.0 SHED a", "10.0 SHED b", "70.1 RESTORED b"), plant.transitions());
    }

    @Test
    void aSpikeShorterThanShedDelayShedsNothing() {
        Plant plant = new Plant(new LoadShedder(spec(1250, 50)), 100, 300, 300, 300, 300);
        for (int spike = 0; spike < 3; spike++) {
            plant.base = 100;            // 1300 W for 4.9 s (49 samples)
            plant.runTo(plant.now + 4_800 * MS);
            plant.base = 0;              // 1200 W
            plant.runTo(plant.now + 5 * S);
        }
        assertEquals(List.of(), plant.transitions());
        long start = plant.now;
        plant.base = 100;                // now for good
        plant.runTo(start + 6 * S);
        assertEquals(List.of(String.format(Locale.ROOT, "%.1f SHED a", (double) (start + 5 * S) / S)),
                plant.transitions());
    }

    @Test
    void badPowerHoldsNeitherShedsNorRestoresAndRestartsTheTimers() {
        Plant plant = new Plant(new LoadShedder(spec(1250, 50)), 100, 300, 300, 300, 300);
        plant.runTo(2_900 * MS);         // 1300 W over budget for 3 s
        plant.powerBad = true;
        plant.runTo(12_900 * MS);        // 10 s of bad power: nothing shed, however long
        plant.powerBad = false;
        plant.runTo(30 * S);
        assertEquals(List.of("3.0 DATA_BAD", "13.0 DATA_GOOD", "18.0 SHED a"), plant.transitions());
        Event bad = plant.log.get(0).e();
        assertNull(bad.rackId());
        assertTrue(bad.message().contains("pod power not GOOD"), bad.message());

        plant.base = -300;               // room for a from 30.1 s ...
        plant.runTo(50 * S);
        plant.powerBad = true;           // ... but the data goes bad before 30 s have passed
        plant.runTo(100 * S);
        assertEquals(1, plant.shedder.shedCount(), "no restore on bad data");
        plant.powerBad = false;          // good again at 100.1 s: the restore countdown starts afresh
        plant.runTo(200 * S);
        assertEquals(List.of("3.0 DATA_BAD", "13.0 DATA_GOOD", "18.0 SHED a", "50.1 DATA_BAD", "100.1 DATA_GOOD",
                "130.1 RESTORED a"), plant.transitions());
    }

    @Test
    void lowCoolantFlowLowersTheBudgetAndSheds() {
        // 4 racks of 150 kW on a 50 kW base = 650 kW; feed budget 1 MW; max rise 10 K.
        Spec spec = new Spec(RACKS, 1_000_000, 20_000, 5 * S, 30 * S, 10);
        Plant plant = new Plant(new LoadShedder(spec), 50_000, 150_000, 150_000, 150_000, 150_000);
        assertTrue(Double.isNaN(plant.shedder.availablePowerW()), "unknown before the first flow sample");
        plant.flow = 1000;               // 1000 L/min × 4186 J/kg·K × 10 K / 60 = 697.7 kW
        plant.runTo(9_900 * MS);
        assertEquals(1000.0 / 60 * 4186 * 10, plant.shedder.availablePowerW(), 1e-6);
        assertEquals(List.of(), plant.transitions());

        plant.flow = 600;                // 418.6 kW: 650 kW is too much
        plant.runTo(30 * S);
        assertEquals(List.of("15.0 SHED a", "20.0 SHED b"), plant.transitions()); // 350 kW
        assertEquals(418_600, plant.shedder.availablePowerW(), 1e-6);
        String msg = plant.log.get(0).e().message();
        assertTrue(msg.contains("cooling-limited; feed budget 1000000 W"), msg);

        plant.flow = Double.NaN;         // capacity unknown: hold, and say why
        plant.runTo(40 * S);
        assertTrue(Double.isNaN(plant.shedder.availablePowerW()));
        Timed bad = plant.log.get(2);
        assertEquals("30.1 DATA_BAD", bad.toString());
        assertTrue(bad.e().message().contains("coolant flow not GOOD"), bad.e().message());

        plant.flow = 5000;               // 3.5 MW of cooling: the feed budget (1 MW) rules again
        plant.runTo(120 * S);
        assertEquals(1_000_000, plant.shedder.availablePowerW());
        assertEquals(List.of("15.0 SHED a", "20.0 SHED b", "30.1 DATA_BAD", "40.1 DATA_GOOD", "70.1 RESTORED b",
                "100.1 RESTORED a"), plant.transitions());
    }

    @Test
    void withoutACoolingLimitTheFlowIsIgnored() {
        Plant plant = new Plant(new LoadShedder(spec(1250, 50)), 0, 300, 300, 300, 300);
        plant.runTo(10 * S);             // flow NaN throughout
        assertEquals(1250, plant.shedder.availablePowerW());
        assertEquals(List.of(), plant.transitions());
    }

    @Test
    void aRestartComesBackWithTheSameRacksShedAndRestoresThemWithTheRememberedDraws() {
        Plant before = new Plant(new LoadShedder(spec(1000, 50)), 250, 200, 300, 300, 300);
        before.runTo(11 * S);
        Map<String, Double> persisted = before.shedder.shedRacks();
        assertEquals(Map.of("a", 200.0, "b", 300.0), persisted);

        LoadShedder after = new LoadShedder(spec(1000, 50));
        Map<String, Double> withGone = new LinkedHashMap<>(persisted);
        withGone.put("rack-removed-from-config", 999.0);
        after.restore(withGone);
        assertTrue(after.isShed(0) && after.isShed(1) && !after.isShed(2) && !after.isShed(3));
        assertEquals(2, after.shedCount());
        assertEquals(persisted, after.shedRacks());
        List<Event> none = new ArrayList<>();
        after.drainEvents(none);
        assertEquals(List.of(), none);

        // The new process sees 600 W: b (300) fits under 950, then a (200) would make 1100: stays shed.
        Plant plant = new Plant(after, 0, 200, 300, 300, 300);
        plant.now = 7 * S;               // a monotonic clock has an arbitrary origin
        plant.runTo(200 * S);
        assertEquals(List.of("37.0 RESTORED b"), plant.transitions());
        assertEquals(Map.of("a", 200.0), after.shedRacks());
    }

    @Test
    void restoreRejectsAnInvalidDrawAndChangesNothing() {
        LoadShedder s = new LoadShedder(spec(1000, 50));
        s.restore(Map.of("c", 100.0));
        Map<String, Double> bad = new LinkedHashMap<>();
        bad.put("a", 100.0);
        bad.put("b", Double.NaN);
        assertThrows(IllegalArgumentException.class, () -> s.restore(bad));
        assertThrows(IllegalArgumentException.class, () -> s.restore(Map.of("a", -1.0)));
        assertEquals(Map.of("c", 100.0), s.shedRacks());
    }

    @Test
    void aRackWithADeadMeterIsRestoredTooEarlyAtMostOnce() {
        // a draws 500 but its meter is dead: shed with an equal share (1400/4 = 350) as its guess.
        Plant plant = new Plant(new LoadShedder(spec(1300, 50)), 0, 500, 300, 300, 300);
        plant.meterDead[0] = true;
        plant.runTo(600 * S);
        // 900 + 350 <= 1250 looks like room; the restore shows the real 500; the second shed remembers the
        // rise the restore caused (1400 - 900 = 500), and 900 + 500 > 1250 keeps it shed from then on.
        assertEquals(List.of("5.0 SHED a", "35.1 RESTORED a", "40.2 SHED a"), plant.transitions());
        assertEquals(Map.of("a", 500.0), plant.shedder.shedRacks());
        assertTrue(plant.log.get(0).e().message().contains("equal share"), plant.log.get(0).e().message());
        assertTrue(plant.log.get(2).e().message().contains("rise its restore caused"), plant.log.get(2).e().message());
    }

    @Test
    void aDeadMeterAfterAGoodReadingUsesTheLastGoodPower() {
        Plant plant = new Plant(new LoadShedder(spec(1300, 50)), 0, 500, 300, 300, 300);
        plant.runTo(1 * S);              // a's meter read 500
        plant.meterDead[0] = true;
        plant.runTo(10 * S);
        assertEquals(List.of("5.0 SHED a"), plant.transitions());
        assertEquals(Map.of("a", 500.0), plant.shedder.shedRacks());
    }

    @Test
    void priorityIsStrictALowerPriorityRackThatWouldFitWaitsBehindAHigherOne() {
        // a 100, b 400, c 400 on 500 W = 1400 W; budget 1000, no hysteresis.
        Spec spec = new Spec(List.of("a", "b", "c"), 1000, 0, 5 * S, 30 * S, Double.NaN);
        Plant plant = new Plant(new LoadShedder(spec), 500, 100, 400, 400);
        plant.runTo(600 * S);
        // 900 W: b would make 1300 (no); a would make 1000 (fits) but must not jump the queue.
        assertEquals(List.of("5.0 SHED a", "10.0 SHED b"), plant.transitions());
        assertEquals(900, plant.power());
    }

    @Test
    void timersAreSafeAcrossTheWrapOfTheMonotonicClock() {
        Plant plant = new Plant(new LoadShedder(spec(1250, 50)), 100, 300, 300, 300, 300);
        long start = Long.MAX_VALUE - 2 * S;
        plant.now = start;
        plant.runTo(Long.MAX_VALUE - PERIOD);
        for (int i = 0; i < 40; i++) {
            plant.step();                // crosses into negative readings
        }
        assertEquals(1, plant.log.size());
        assertEquals(start + 5 * S, plant.log.get(0).t());
    }

    @Test
    void eventsAreBoundedDropOldestAndCounted() {
        LoadShedder s = new LoadShedder(spec(1000, 50));
        double[] racks = new double[4];
        int updates = LoadShedder.EVENT_CAPACITY + 44;
        for (int i = 0; i < updates; i++) {
            s.update(i * PERIOD, i % 2 == 0 ? Double.NaN : 500, Double.NaN, racks); // BAD, GOOD, BAD, ...
        }
        List<Event> out = new ArrayList<>();
        s.drainEvents(out);
        assertEquals(LoadShedder.EVENT_CAPACITY, out.size());
        assertEquals(44, s.droppedEventCount());
        assertEquals(Type.DATA_BAD, out.get(0).type()); // 44 dropped: the newest 256 start with a DATA_BAD
        assertEquals(Type.DATA_GOOD, out.get(out.size() - 1).type());
        out.clear();
        s.drainEvents(out);
        assertEquals(List.of(), out);
    }

    @Test
    void specRejectsNonsense() {
        assertThrows(IllegalArgumentException.class, () -> new Spec(List.of("a", "a"), 1, 0, 1, 1, Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> new Spec(List.of(" "), 1, 0, 1, 1, Double.NaN));
        assertThrows(NullPointerException.class, () -> new Spec(null, 1, 0, 1, 1, Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> new Spec(RACKS, -1, 0, 1, 1, Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> new Spec(RACKS, Double.NaN, 0, 1, 1, Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> new Spec(RACKS, 1, -0.1, 1, 1, Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> new Spec(RACKS, 1, 0, 0, 1, Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> new Spec(RACKS, 1, 0, 1, -1, Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> new Spec(RACKS, 1, 0, 1, 1, 0));
        assertThrows(IllegalArgumentException.class,
                () -> new Spec(RACKS, 1, 0, 1, 1, Double.POSITIVE_INFINITY));
        Spec ok = new Spec(new ArrayList<>(RACKS), 0, 0, 1, 1, 12);
        assertTrue(ok.coolingLimited());
        assertFalse(spec(1, 0).coolingLimited());
        LoadShedder s = new LoadShedder(ok);
        assertThrows(IllegalArgumentException.class, () -> s.update(0, 1, 1, new double[3]));
    }
}
