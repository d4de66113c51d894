package io.podctl.controller.safety;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.podctl.controller.safety.LoadShedder.Event;
import io.podctl.controller.safety.LoadShedder.Spec;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Properties of {@link LoadShedder} under constant external loads, checked on a simulated plant: each rack draws a
 * constant power while it runs and nothing while shed, the pod meter reads the base load plus the running racks
 * (one update late, as a real meter is), the budget and the coolant flow are constant. Around that constant load
 * the data may drop out (pod power or flow not GOOD on random updates), the loop period may jitter, the clock
 * may start anywhere (also just before it wraps), and the controller may start from a persisted shed set.
 *
 * <p>Each property runs {@link #TRIES} generated scenarios from a fixed seed, so a run is reproducible; pass
 * {@code -Dpodctl.property.seed=N} (or {@code random}) to explore other scenarios and
 * {@code -Dpodctl.property.tries=N} for more of them. A falsified property is shrunk (racks removed, noise
 * removed, values rounded) to a small scenario, and reported with its seed and try.
 */
class LoadShedderPropertiesTest {
    private static final Logger LOG = LoggerFactory.getLogger(LoadShedderPropertiesTest.class);
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    static final int TRIES = Scenarios.tries(500);
    static final long SEED = Scenarios.SEED;
    private static final long MS = 1_000_000L;
    private static final int MAX_SHRINK_RUNS = 2_000;

    // ---------------------------------------------------------------- the properties

    /** (1) Exact rack meters: every rack changes at most once (so the set at most n times), then never again. */
    @Test
    void theShedSetChangesAtMostOncePerRackAndThenNeverAgain() {
        Stats stats = new Stats();
        forAll("no oscillation (GOOD rack meters)", r -> generate(r, false), sc -> {
            Run run = simulate(sc);
            stats.add(run);
            int n = sc.n();
            for (int i = 0; i < n; i++) {
                int rack = i;
                long changes = run.transitions.stream().filter(t -> t.rack == rack).count();
                assertTrue(changes <= 1, () -> "rack " + rack + " changed " + changes + " times: " + run.transitions);
            }
            assertTrue(run.transitions.size() <= n, "more than n changes: " + run.transitions);
            assertEquals(List.of(), run.quietTransitions, "changed again after settling");
        });
        stats.log("no oscillation (GOOD rack meters)");
        stats.requireCoverage();
    }

    /** (1') Dead, flaky or wrongly persisted rack draws: a restore may fail once per rack, then it settles. */
    @Test
    void withGuessedDrawsTheShedSetStillSettles() {
        Stats stats = new Stats();
        forAll("no oscillation (guessed draws)", r -> generate(r, true), sc -> {
            Run run = simulate(sc);
            stats.add(run);
            int n = sc.n();
            assertTrue(run.transitions.size() <= 4 * n, "more than 4n changes: " + run.transitions);
            assertEquals(List.of(), run.quietTransitions, "changed again after settling");
        });
        stats.log("no oscillation (guessed draws)");
        stats.requireCoverage();
    }

    /**
     * (2) After settling: the power is within the available budget unless every rack is shed; the next rack in
     * restore order would not fit under {@code B − hysteresis}; without a persisted shed set, exactly the racks
     * needed were shed (the shortest prefix of the priority order that brings the power within B).
     */
    @Test
    void afterSettlingThePowerIsWithinBudgetAndNothingRestorableStaysShed() {
        Stats stats = new Stats();
        forAll("settled state", r -> generate(r, false), sc -> {
            Run run = simulate(sc);
            stats.add(run);
            LoadShedder s = run.shedder;
            int n = sc.n();
            double b = sc.availableW();
            assertEquals(b, s.availablePowerW(), 1e-9 * Math.max(1, b), "available power");
            double p = run.finalPowerW;
            assertTrue(p <= b || s.shedCount() == n, "P " + p + " > B " + b + " with racks still running");
            int next = -1;
            for (int i = n - 1; i >= 0 && next < 0; i--) {
                next = s.isShed(i) ? i : -1;
            }
            if (next >= 0) {
                double tolerance = 1e-6 * Math.max(1, b);
                assertTrue(p + sc.drawW[next] > b - sc.hysteresisW - tolerance, "rack " + next + " (draw "
                        + sc.drawW[next] + ") fits: P " + p + " + draw <= B " + b + " - h " + sc.hysteresisW);
            }
            if (run.transitions.stream().anyMatch(t -> !t.shed)) {
                // restores come last (nothing is shed after one), and each left P + draw <= B - h
                assertTrue(p <= b - sc.hysteresisW + 1e-6 * Math.max(1, b), "P " + p + " above B " + b + " - h "
                        + sc.hysteresisW + " after a restore: " + run.transitions);
            }
            if (!sc.startsShed()) {
                int needed = 0;
                while (needed < n && powerWithPrefixShed(sc, needed) > b) {
                    needed++;
                }
                assertEquals(needed, s.shedCount(), "racks shed vs. the fewest that bring P within B");
                for (int i = 0; i < n; i++) {
                    assertEquals(i < needed, s.isShed(i), "rack " + i + " shed");
                }
            }
        });
        stats.log("settled state");
        stats.requireCoverage();
    }

    /**
     * (3) Never more than one transition per window: a shed comes at least shedDelay, a restore at least
     * restoreDelay after the previous transition (or the first update), whatever the draws, the dropouts and the
     * jitter. The events tell the same story: one SHED/RESTORED per transition in order, DATA_BAD/DATA_GOOD
     * alternating, and none of those when the data never dropped out.
     */
    @Test
    void transitionsAreSpacedByTheirDelayAndEventsMatchThem() {
        Stats stats = new Stats();
        forAll("spacing and events", r -> generate(r, r.nextBoolean()), sc -> {
            Run run = simulate(sc);
            stats.add(run);
            long prev = sc.startNanos;
            List<Transition> all = new ArrayList<>(run.transitions);
            all.addAll(run.quietTransitions);
            for (Transition t : all) {
                long gap = t.nanos - prev;   // wrap-safe: the clock may pass Long.MAX_VALUE
                long needed = t.shed ? sc.shedDelay : sc.restoreDelay;
                assertTrue(gap >= needed, () -> (t.shed ? "shed" : "restore") + " of rack " + t.rack + " only " + gap
                        + " ns after the previous transition (needs " + needed + "): " + all);
                prev = t.nanos;
            }
            List<String> fromEvents = new ArrayList<>();
            Event.Type lastData = Event.Type.DATA_GOOD;
            for (Event e : run.events) {
                switch (e.type()) {
                    case SHED, RESTORED -> fromEvents.add((e.type() == Event.Type.SHED ? "+" : "-") + e.rackId());
                    case DATA_BAD, DATA_GOOD -> {
                        assertTrue(e.type() != lastData, () -> "data events must alternate: " + run.events);
                        lastData = e.type();
                    }
                }
            }
            List<String> fromTransitions = all.stream().map(t -> (t.shed ? "+" : "-") + "r" + t.rack).toList();
            assertEquals(fromTransitions, fromEvents);
            if (sc.dataDropout == 0) {
                assertTrue(run.events.stream().noneMatch(e -> e.type() == Event.Type.DATA_BAD), "DATA_BAD");
            }
            assertEquals(0, run.shedder.droppedEventCount());
        });
        stats.log("spacing and events");
        stats.requireCoverage();
    }

    // ---------------------------------------------------------------- the plant

    /**
     * A constant-load scenario.
     *
     * @param drawW        what each rack draws while running, W
     * @param persistedW   per rack: NaN = running at start, else shed at start with this remembered draw
     * @param meterDead    per rack: its power sample is never GOOD
     * @param meterDropout probability that a rack's sample is not GOOD on an update
     * @param dataDropout  probability that pod power (and, independently, flow) is not GOOD on a noisy update
     * @param noisySteps   updates with data dropouts before the data stays GOOD
     */
    record Scenario(double[] drawW, double baseW, double budgetW, double hysteresisW, long shedDelay,
                    long restoreDelay, double maxDeltaT, double flowLpm, long period, double jitter, long startNanos,
                    double[] persistedW, boolean[] meterDead, double meterDropout, double dataDropout,
                    int noisySteps, long noiseSeed) {

        int n() {
            return drawW.length;
        }

        boolean startsShed() {
            return Arrays.stream(persistedW).anyMatch(w -> !Double.isNaN(w));
        }

        double availableW() {
            return Double.isNaN(maxDeltaT) ? budgetW
                    : Math.min(budgetW, flowLpm / 60 * LoadShedder.WATER_CP_J_PER_KG_K * maxDeltaT);
        }

        Spec spec() {
            return new Spec(IntStream.range(0, n()).mapToObj(i -> "r" + i).toList(), budgetW, hysteresisW,
                    shedDelay, restoreDelay, maxDeltaT);
        }

        /** Updates after the noise within which every transition the bound allows fits, with room to spare. */
        int settleSteps() {
            long minStep = Math.max(1, (long) (period * (1 - jitter)));
            long perTransition = Math.max(shedDelay, restoreDelay) / minStep + 3;
            return (int) ((4L * n() + 2) * perTransition);
        }

        int quietSteps() {
            long minStep = Math.max(1, (long) (period * (1 - jitter)));
            return (int) (3 * (Math.max(shedDelay, restoreDelay) / minStep + 3));
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "Scenario[draws=%s, base=%s, budget=%s, hysteresis=%s, shedDelay=%d ns,"
                            + " restoreDelay=%d ns, maxDeltaT=%s, flow=%s L/min, period=%d ns, jitter=%s, start=%d,"
                            + " persisted=%s, meterDead=%s, meterDropout=%s, dataDropout=%s, noisySteps=%d,"
                            + " noiseSeed=%d]",
                    Arrays.toString(drawW), baseW, budgetW, hysteresisW, shedDelay, restoreDelay, maxDeltaT, flowLpm,
                    period, jitter, startNanos, Arrays.toString(persistedW), Arrays.toString(meterDead), meterDropout,
                    dataDropout, noisySteps, noiseSeed);
        }
    }

    record Transition(long nanos, int rack, boolean shed) {
    }

    /** What a simulation saw: transitions up to the settle horizon, and any in the quiet window after it. */
    record Run(LoadShedder shedder, List<Transition> transitions, List<Transition> quietTransitions,
               List<Event> events, double finalPowerW) {
    }

    static Run simulate(Scenario sc) {
        int n = sc.n();
        LoadShedder s = new LoadShedder(sc.spec());
        Map<String, Double> persisted = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            if (!Double.isNaN(sc.persistedW[i])) {
                persisted.put("r" + i, sc.persistedW[i]);
            }
        }
        s.restore(persisted);
        SplittableRandom noise = new SplittableRandom(sc.noiseSeed);
        List<Transition> transitions = new ArrayList<>();
        List<Transition> quiet = new ArrayList<>();
        List<Event> events = new ArrayList<>();
        boolean[] before = new boolean[n];
        double[] racks = new double[n];
        int settled = sc.noisySteps + sc.settleSteps();
        int total = settled + sc.quietSteps();
        long t = sc.startNanos;
        for (int step = 0; step < total; step++) {
            boolean noisy = step < sc.noisySteps;
            double p = power(sc, s);
            boolean powerBad = noisy && noise.nextDouble() < sc.dataDropout;
            boolean flowBad = noisy && noise.nextDouble() < sc.dataDropout;
            for (int i = 0; i < n; i++) {
                before[i] = s.isShed(i);
                boolean good = !sc.meterDead[i] && !(noise.nextDouble() < sc.meterDropout);
                racks[i] = !good ? Double.NaN : s.isShed(i) ? 0 : sc.drawW[i];
            }
            s.update(t, powerBad ? Double.NaN : p, flowBad ? Double.NaN : sc.flowLpm, racks);
            for (int i = 0; i < n; i++) {
                if (s.isShed(i) != before[i]) {
                    (step < settled ? transitions : quiet).add(new Transition(t, i, s.isShed(i)));
                }
            }
            s.drainEvents(events);
            long jitter = sc.jitter == 0 ? 0 : (long) ((noise.nextDouble() * 2 - 1) * sc.jitter * sc.period);
            t += sc.period + jitter;
        }
        return new Run(s, transitions, quiet, events, power(sc, s));
    }

    /** The plant's power with racks 0..m-1 shed, summed exactly as the plant sums it. */
    private static double powerWithPrefixShed(Scenario sc, int m) {
        double p = sc.baseW;
        for (int i = 0; i < sc.n(); i++) {
            p += i < m ? 0 : sc.drawW[i];
        }
        return p;
    }

    private static double power(Scenario sc, LoadShedder s) {
        double p = sc.baseW;
        for (int i = 0; i < sc.n(); i++) {
            p += s.isShed(i) ? 0 : sc.drawW[i];
        }
        return p;
    }

    // ---------------------------------------------------------------- generation and shrinking

    /**
     * A random constant-load scenario, biased towards the edges: budgets exactly at a partial sum (P == B after
     * some sheds), hysteresis exactly at a restore boundary, zero draws, equal draws, a budget of 0, no flow.
     *
     * @param guessed whether rack meters may be dead or flaky and persisted draws may be wrong
     */
    static Scenario generate(SplittableRandom r, boolean guessed) {
        int n = 1 + r.nextInt(8);
        boolean kw = r.nextBoolean(); // whole kilowatts make exact equalities common
        double[] draw = new double[n];
        for (int i = 0; i < n; i++) {
            int kind = r.nextInt(10);
            draw[i] = kind == 0 ? 0 : kind == 1 && i > 0 ? draw[i - 1] : round(kw, r.nextDouble() * 150_000);
        }
        double base = r.nextInt(5) == 0 ? 0 : round(kw, r.nextDouble() * 200_000);
        double total = base + Arrays.stream(draw).sum();
        int cut = r.nextInt(n + 1);
        double afterCut = base + Arrays.stream(draw, cut, n).sum();
        double budget = switch (r.nextInt(10)) {
            case 0, 1, 2 -> afterCut;
            case 3 -> 0;
            default -> round(kw, r.nextDouble() * 1.3 * total);
        };
        double hysteresis = switch (r.nextInt(4)) {
            case 0 -> 0;
            case 1 -> cut > 0 && budget - afterCut - draw[cut - 1] >= 0 ? budget - afterCut - draw[cut - 1] : 0;
            default -> round(kw, r.nextDouble() * 0.2 * budget);
        };
        double maxDeltaT = Double.NaN;
        double flow = Double.NaN;
        if (r.nextInt(10) < 3) {
            maxDeltaT = 1 + r.nextInt(40);
            double capacity = r.nextInt(20) == 0 ? 0 : r.nextDouble() * 1.5 * total;
            flow = capacity * 60 / (LoadShedder.WATER_CP_J_PER_KG_K * maxDeltaT);
        }
        long period = new long[] {10 * MS, 100 * MS, 1_000 * MS}[r.nextInt(3)];
        double jitter = r.nextInt(5) < 2 ? 0 : r.nextDouble() * 0.5;
        long shedDelay = period * (1 + r.nextInt(20)) + (r.nextBoolean() ? r.nextLong(period) : 0);
        long restoreDelay = period * (1 + r.nextInt(40)) + (r.nextBoolean() ? r.nextLong(period) : 0);
        long start = r.nextInt(5) == 0 ? Long.MAX_VALUE - r.nextLong(100 * period) : r.nextLong();
        double[] persisted = new double[n];
        Arrays.fill(persisted, Double.NaN);
        if (r.nextBoolean()) {
            for (int i = 0; i < n; i++) {
                if (r.nextBoolean()) {
                    // a wrong persisted draw is mostly too low: that is what makes a restore fail
                    persisted[i] = !guessed || r.nextBoolean() ? draw[i] : round(kw, r.nextDouble() * 1.2 * draw[i]);
                }
            }
        }
        boolean[] dead = new boolean[n];
        double meterDropout = 0;
        if (guessed) {
            for (int i = 0; i < n; i++) {
                dead[i] = r.nextBoolean();
            }
            meterDropout = r.nextInt(10) < 3 ? r.nextDouble() * 0.5 : 0;
        }
        double dataDropout = switch (r.nextInt(10)) {
            case 0, 1, 2, 3 -> 0;
            case 4, 5, 6 -> 0.05;
            default -> r.nextDouble() * 0.5;
        };
        int noisySteps = dataDropout == 0 && meterDropout == 0 ? 0 : r.nextInt(1_000);
        return new Scenario(draw, base, budget, hysteresis, shedDelay, restoreDelay, maxDeltaT, flow, period, jitter,
                start, persisted, dead, meterDropout, dataDropout, noisySteps, r.nextLong());
    }

    private static double round(boolean kw, double w) {
        return kw ? Math.rint(w / 1000) * 1000 : w;
    }

    /** Smaller or cleaner variants of a scenario, tried in order while shrinking. */
    static List<Scenario> simpler(Scenario s) {
        List<Scenario> out = new ArrayList<>();
        int n = s.n();
        for (int drop = 0; drop < n && n > 1; drop++) {
            int d = drop;
            int[] keep = IntStream.range(0, n).filter(i -> i != d).toArray();
            out.add(new Scenario(pick(s.drawW, keep), s.baseW, s.budgetW, s.hysteresisW, s.shedDelay, s.restoreDelay,
                    s.maxDeltaT, s.flowLpm, s.period, s.jitter, s.startNanos, pick(s.persistedW, keep),
                    pick(s.meterDead, keep), s.meterDropout, s.dataDropout, s.noisySteps, s.noiseSeed));
        }
        double[] none = new double[n];
        Arrays.fill(none, Double.NaN);
        out.add(with(s, b -> b.persisted = none));
        out.add(with(s, b -> b.noisy = 0));
        out.add(with(s, b -> b.noisy = s.noisySteps / 2));
        out.add(with(s, b -> b.dataDropout = 0));
        out.add(with(s, b -> b.meterDropout = 0));
        out.add(with(s, b -> b.dead = new boolean[n]));
        out.add(with(s, b -> b.jitter = 0));
        out.add(with(s, b -> b.start = 0));
        out.add(with(s, b -> {
            b.maxDeltaT = Double.NaN;
            b.flow = Double.NaN;
        }));
        out.add(with(s, b -> b.base = 0));
        out.add(with(s, b -> b.hysteresis = 0));
        out.add(with(s, b -> b.shedDelay = s.period));
        out.add(with(s, b -> b.restoreDelay = s.period));
        out.add(with(s, b -> {
            b.draw = Arrays.stream(s.drawW).map(w -> Math.rint(w / 1000) * 1000).toArray();
            b.base = Math.rint(s.baseW / 1000) * 1000;
            b.budget = Math.rint(s.budgetW / 1000) * 1000;
            b.hysteresis = Math.rint(s.hysteresisW / 1000) * 1000;
        }));
        out.removeIf(c -> c.toString().equals(s.toString()));
        return out;
    }

    /** Mutable copy of a scenario, for building variants. */
    private static final class B {
        double[] draw;
        double base;
        double budget;
        double hysteresis;
        long shedDelay;
        long restoreDelay;
        double maxDeltaT;
        double flow;
        double jitter;
        long start;
        double[] persisted;
        boolean[] dead;
        double meterDropout;
        double dataDropout;
        int noisy;
    }

    private static Scenario with(Scenario s, Consumer<B> change) {
        B b = new B();
        b.draw = s.drawW;
        b.base = s.baseW;
        b.budget = s.budgetW;
        b.hysteresis = s.hysteresisW;
        b.shedDelay = s.shedDelay;
        b.restoreDelay = s.restoreDelay;
        b.maxDeltaT = s.maxDeltaT;
        b.flow = s.flowLpm;
        b.jitter = s.jitter;
        b.start = s.startNanos;
        b.persisted = s.persistedW;
        b.dead = s.meterDead;
        b.meterDropout = s.meterDropout;
        b.dataDropout = s.dataDropout;
        b.noisy = s.noisySteps;
        change.accept(b);
        return new Scenario(b.draw, b.base, b.budget, b.hysteresis, b.shedDelay, b.restoreDelay, b.maxDeltaT, b.flow,
                s.period, b.jitter, b.start, b.persisted, b.dead, b.meterDropout, b.dataDropout, b.noisy,
                s.noiseSeed);
    }

    private static double[] pick(double[] a, int[] keep) {
        return Arrays.stream(keep).mapToDouble(i -> a[i]).toArray();
    }

    private static boolean[] pick(boolean[] a, int[] keep) {
        boolean[] out = new boolean[keep.length];
        for (int i = 0; i < keep.length; i++) {
            out[i] = a[keep[i]];
        }
        return out;
    }

    /** Runs {@code check} on {@link #TRIES} generated scenarios; shrinks and reports the first that fails. */
    static void forAll(String name, Function<SplittableRandom, Scenario> generator, Consumer<Scenario> check) {
        Scenarios.forAll(name, TRIES, MAX_SHRINK_RUNS, generator, (s, failure) -> simpler(s), check);
    }

    /** What the generated scenarios exercised; a property that never sheds or restores proves nothing. */
    static final class Stats {
        private final long cpuStart = THREADS.getCurrentThreadCpuTime();
        private final long wallStart = System.nanoTime();
        int runs;
        int withShed;
        int withRestore;
        int withFailedRestore;
        int maxTransitions;
        double maxPerRack;

        void add(Run run) {
            runs++;
            boolean shed = run.transitions.stream().anyMatch(t -> t.shed);
            boolean restore = run.transitions.stream().anyMatch(t -> !t.shed);
            withShed += shed ? 1 : 0;
            withRestore += restore ? 1 : 0;
            for (int i = 1; i < run.transitions.size(); i++) {
                Transition a = run.transitions.get(i - 1);
                Transition b = run.transitions.get(i);
                if (!a.shed && b.shed && a.rack == b.rack) {
                    withFailedRestore++;
                    break;
                }
            }
            maxTransitions = Math.max(maxTransitions, run.transitions.size());
            int n = run.shedder.spec().rackIds().size();
            maxPerRack = Math.max(maxPerRack, (double) run.transitions.size() / n);
        }

        void log(String name) {
            LOG.info("{}: {} scenarios (seed {}), {} shed, {} restored, {} with a failed restore; at most {} "
                    + "changes, {} per rack; {} ms CPU, {} ms wall", name, runs, SEED, withShed, withRestore,
                    withFailedRestore, maxTransitions, String.format(Locale.ROOT, "%.2f", maxPerRack),
                    (THREADS.getCurrentThreadCpuTime() - cpuStart) / 1_000_000, (System.nanoTime() - wallStart)
                            / 1_000_000);
        }

        void requireCoverage() {
            assertTrue(withShed >= runs / 5, "too few scenarios shed anything: " + withShed + "/" + runs);
            assertTrue(withRestore >= runs / 20, "too few scenarios restored anything: " + withRestore + "/" + runs);
        }
    }
}
