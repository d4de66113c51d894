package io.podctl.controller.scenario;

import com.fasterxml.jackson.databind.JsonNode;
import io.podctl.config.DeviceConfig;
import io.podctl.config.Durations;
import io.podctl.config.GpioConfig;
import io.podctl.config.PointConfig;
import io.podctl.controller.scenario.Observer.Message;
import io.podctl.controller.scenario.ScenarioFile.Expect;
import io.podctl.controller.scenario.ScenarioFile.Step;
import io.podctl.controller.scenario.ScenarioResult.Band;
import io.podctl.controller.scenario.ScenarioResult.Sample;
import io.podctl.controller.scenario.ScenarioResult.StepResult;
import io.podctl.hal.modbus.RegisterTable;
import io.podctl.hal.sim.SimPodSettings;
import io.podctl.hal.sim.SupplySensor;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;
import java.util.function.LongSupplier;
import java.util.function.Predicate;

/**
 * Runs one loaded scenario against a fresh simulated pod: steps at their times (monotonic), faults injected in
 * the plant, the broker or the pod's wall clock, expectations judged on what the {@link Observer} sees, a
 * progress line per step. The first failed step ends the scenario.
 *
 * <p>Threading: one scenario at a time on the calling thread. Waiting between steps parks the thread until an
 * absolute monotonic deadline.
 */
public final class ScenarioRunner {
    private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(2);
    private static final Duration DEFAULT_WAIT = Duration.ofSeconds(10);

    private final PrintWriter out;
    private final String brokerOverride;
    private final InetSocketAddress remotePlant;
    private boolean waitBars;

    /**
     * A runner against a fresh simulated pod per scenario.
     *
     * @param out            where progress lines go
     * @param brokerOverride a broker to use instead of starting one (broker steps then fail), or null
     */
    public ScenarioRunner(PrintWriter out, String brokerOverride) {
        this.out = out;
        this.brokerOverride = brokerOverride;
        this.remotePlant = null;
    }

    /**
     * A runner against a controller running elsewhere, on a plant served on its own.
     *
     * @param out         where progress lines go
     * @param broker      the broker the controller publishes to
     * @param remotePlant the plant's control channel ({@code podctl sim --plant-only})
     */
    public static ScenarioRunner remote(PrintWriter out, String broker, InetSocketAddress remotePlant) {
        return new ScenarioRunner(out, broker, remotePlant);
    }

    private ScenarioRunner(PrintWriter out, String broker, InetSocketAddress remotePlant) {
        this.out = out;
        this.brokerOverride = broker;
        this.remotePlant = remotePlant;
    }

    /**
     * Draws a bar for long waits ({@link WaitBar}) between the progress lines; for an interactive terminal only.
     *
     * @return this runner
     */
    public ScenarioRunner withWaitBars() {
        this.waitBars = true;
        return this;
    }

    /** Runs the scenario and returns its outcome; never throws for a scenario that fails. */
    public ScenarioResult run(ScenarioLoader.Loaded loaded) {
        ScenarioFile s = loaded.scenario();
        out.printf("scenario %s (%s)%n", s.scenario(), loaded.file());
        out.flush();
        long start = System.nanoTime();
        ScenarioTarget target;
        try {
            target = remotePlant != null ? RemoteTarget.connect(loaded, remotePlant, brokerOverride)
                    : SimPodTarget.start(loaded, brokerOverride);
        } catch (Exception e) {
            String why = (remotePlant != null ? "the remote target is not ready: " : "the simulated pod did not start: ")
                    + e.getMessage();
            out.println("  FAIL " + why);
            out.flush();
            return new ScenarioResult(s.scenario(), loaded.file().toString(), List.of(), why, start, System.nanoTime(),
                    new ScenarioResult.Timeline(Map.of(), List.of(), Map.of()), List.of());
        }
        try (target) {
            return new Run(loaded, target, System.nanoTime()).go();
        }
    }

    /** One run's state. */
    private final class Run {
        private final ScenarioLoader.Loaded loaded;
        private final ScenarioTarget t;
        private final long t0;
        private final List<StepResult> results = new ArrayList<>();
        private final Map<String, Long> openBands = new LinkedHashMap<>();
        private final List<Band> bands = new ArrayList<>();
        private long lastAction;
        private final WaitBar bar = new WaitBar(out, waitBars);
        private String stepTitle = "";

        Run(ScenarioLoader.Loaded loaded, ScenarioTarget t, long t0) {
            this.loaded = loaded;
            this.t = t;
            this.t0 = t0;
            this.lastAction = t0;
        }

        ScenarioResult go() {
            String error = null;
            if (loaded.scenario().commission()) {
                error = commission();
                if (error != null) {
                    out.println("  FAIL " + error);
                }
            }
            List<Step> steps = loaded.scenario().steps();
            long previousEnd = System.nanoTime();
            for (int i = 0; i < steps.size() && error == null; i++) {
                Step st = steps.get(i);
                long at = startOf(st, previousEnd);
                String label = label(st);
                stepTitle = "[" + (i + 1) + "/" + steps.size() + "] " + label;
                waitUntil(at);
                long begun = System.nanoTime();
                StepResult r;
                try {
                    r = execute(i + 1, st, label, begun);
                } catch (RuntimeException e) {
                    r = new StepResult(i + 1, label, false, "could not be carried out: " + e.getMessage(), begun,
                            Double.NaN, Double.NaN);
                }
                results.add(r);
                bar.clear();
                out.printf(Locale.ROOT, "  [%d/%d] %7.2fs %-4s %s%s%n", i + 1, steps.size(), seconds(begun),
                        r.passed() ? "ok" : "FAIL", label, r.detail().isEmpty() ? "" : ": " + r.detail());
                out.flush();
                if (!r.passed()) {
                    error = "step " + r.index() + " (" + label + ") failed: " + r.detail();
                }
                previousEnd = System.nanoTime();
            }
            long end = System.nanoTime();
            openBands.forEach((key, from) -> bands.add(new Band(key.substring(key.indexOf('\u0000') + 1), from, end)));
            out.printf(Locale.ROOT, "  %s in %.1f s%n", error == null ? "PASSED" : "FAILED", (end - t0) / 1e9);
            out.flush();
            return new ScenarioResult(loaded.scenario().scenario(), loaded.file().toString(), List.copyOf(results),
                    error, t0, end, timeline(), List.copyOf(bands));
        }

        /**
         * The technician at start-up: a push of the reset button once every safety input is healthy. A fresh pod
         * gets one push (the scenario judges what follows); a pod that was already running is pushed, every 2 s,
         * until it runs (it may hold trips latched before this scenario), or left alone when it runs already.
         */
        private String commission() {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            long nextPush = 0;
            while (System.nanoTime() < deadline) {
                JsonNode state = latest("state");
                String mode = state == null ? "" : state.path("mode").asText();
                // DEGRADED is running with an alarm active (on a rig, typically an unsynchronized host clock)
                if (!t.freshPod() && (mode.equals("RUNNING") || mode.equals("DEGRADED"))) {
                    return null;
                }
                if ((mode.equals("STARTING") || !t.freshPod() && mode.equals("TRIPPED"))
                        && state.path("safetyInputsGood").asBoolean() && System.nanoTime() >= nextPush) {
                    pushReset();
                    if (t.freshPod()) {
                        return null;
                    }
                    nextPush = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
                }
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
            }
            return t.freshPod() ? "commissioning: the pod did not publish STARTING with every safety input GOOD within 30 s"
                    : "commissioning: the pod did not publish RUNNING within 30 s of pushing its reset button with every"
                    + " safety input GOOD (last state: " + (latest("state") == null ? "none seen"
                    : latest("state").toString()) + ")";
        }

        private void pushReset() {
            t.plant().act("button pressed");
            parkUntil(System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(150)); // past the 20 ms debounce
            t.plant().act("button released");
        }

        private long startOf(Step st, long previousEnd) {
            if (st.at() == null) {
                return previousEnd;
            }
            boolean relative = st.at().startsWith("+");
            Duration d = Durations.parse(relative ? st.at().substring(1) : st.at()).orElseThrow();
            return (relative ? previousEnd : t0) + d.toNanos();
        }

        private StepResult execute(int index, Step st, String label, long begun) {
            if (st.waitFor() != null) {
                return awaitCondition(index, label, begun, begun, st.waitFor().within(), false,
                        List.of(new Condition("mode " + st.waitFor().mode(),
                                () -> retainedSince("state", j -> j.path("mode").asText().equals(
                                        st.waitFor().mode().name())))));
            }
            if (st.expect() != null) {
                return expect(index, label, begun, st.expect());
            }
            if (st.command() != null) {
                return command(index, label, begun, st.command());
            }
            if (st.fault() != null) {
                fault(st.fault());
            } else if (st.line() != null) {
                line(st.line());
            } else if (st.gpio() != null) {
                gpio(st.gpio());
            } else if (st.plant() != null) {
                plant(st.plant());
            } else if (st.broker() != null) {
                broker(st.broker());
            } else if (st.clock() != null) {
                if (t.clock() == null) {
                    throw new IllegalStateException("clock steps need --target sim: a remote controller's wall clock is"
                            + " its host's");
                }
                String w = st.clock().wallJump();
                Duration d = Durations.parse(w.replaceFirst("^[+-]", "")).orElseThrow();
                t.clock().jump(w.startsWith("-") ? d.negated() : d);
                bands.add(new Band("wall clock " + w, begun, begun));
            }
            lastAction = begun;
            return new StepResult(index, label, true, "", begun, Double.NaN, Double.NaN);
        }

        // ---- actions ----

        private void fault(ScenarioFile.Fault f) {
            String band = "fault:" + f.device();
            if (f.mode() == ScenarioFile.FaultMode.CLEAR) {
                t.plant().act("clear " + f.device());
                close(band);
                return;
            }
            StringBuilder c = new StringBuilder("fault " + f.device() + " " + LocalPlantControl.word(f.mode()));
            switch (f.mode()) {
                case EXCEPTION -> c.append(" code=").append(f.code());
                case ZEROS -> c.append(" duration=").append((f.duration() != null ? f.duration()
                        : Duration.ofSeconds(5)).toMillis());
                case NAN, WORD_SWAP -> c.append(" table=").append(table(f).name()).append(" address=")
                        .append(point(f).address());
                case DELAY -> c.append(" ms=").append(f.ms());
                default -> { }
            }
            t.plant().act(c.toString());
            open(band, f.device() + " " + describe(f));
        }

        private void line(ScenarioFile.Line l) {
            String band = "line:" + l.bus();
            boolean noise = l.mode() == ScenarioFile.LineMode.NOISE;
            t.plant().act("line " + l.bus() + (noise ? " noise" : " quiet"));
            if (noise) {
                open(band, l.bus() + " line noise");
            } else {
                close(band);
            }
        }

        private PointConfig point(ScenarioFile.Fault f) {
            DeviceConfig d = t.config().devices().stream().filter(x -> x.id().equals(f.device())).findFirst().orElseThrow();
            return d.points().stream().filter(p -> p.id().equals(f.point())).findFirst().orElseThrow();
        }

        private RegisterTable table(ScenarioFile.Fault f) {
            return RegisterTable.valueOf(point(f).table().name());
        }

        private void gpio(ScenarioFile.Gpio g) {
            SimPodSettings.Pins pins = t.plant().pins();
            if (g.output() != null) {
                int pin = ScenarioTarget.outputPins(t.config()).get(g.output());
                int rack = pins.contactorPins().indexOf(pin) + 1;
                if (rack == 0) {
                    throw new IllegalArgumentException(g.output() + " is not a rack contactor of the simulated plant");
                }
                t.plant().act("contactor " + rack + " " + switch (g.contactor()) {
                    case WELDED -> "welded";
                    case STUCK_OPEN -> "stuckOpen";
                    case NORMAL -> "normal";
                });
                if (g.contactor() == ScenarioFile.Contactor.NORMAL) {
                    close("contactor:" + g.output());
                } else {
                    open("contactor:" + g.output(), g.output() + " contactor " + g.contactor().name().toLowerCase());
                }
                return;
            }
            int pin = t.config().gpio().inputs().stream().filter(i -> i.id().equals(g.input()))
                    .map(GpioConfig.Input::pin).findFirst().orElseThrow();
            if (g.wire() != null) {
                if (g.wire() == ScenarioFile.Wire.CUT) {
                    t.plant().act("wire " + pin + " cut");
                    open("wire:" + g.input(), g.input() + " wire cut");
                } else {
                    t.plant().act("wire " + pin + " repaired");
                    close("wire:" + g.input());
                }
                return;
            }
            Function<Boolean, Runnable> drive = active -> fieldDevice(pins, pin, g.input(), active);
            if (g.chatter() != null) {
                long next = System.nanoTime();
                for (int k = 0; k < g.chatter(); k++) {
                    drive.apply(k % 2 == 0).run();
                    next += TimeUnit.MILLISECONDS.toNanos(5);
                    parkUntil(next);
                }
                drive.apply(false).run();
                bands.add(new Band(g.input() + " chatter", lastActionNow(), System.nanoTime()));
                return;
            }
            boolean active = g.level() == ScenarioFile.Level.ACTIVE;
            drive.apply(active).run();
            if (active) {
                open("gpio:" + g.input(), g.input() + " active");
            } else {
                close("gpio:" + g.input());
            }
        }

        private long lastActionNow() {
            return results.isEmpty() ? t0 : results.get(results.size() - 1).atNanos();
        }

        /** What the plant's field device behind an input does when it becomes active or normal. */
        private Runnable fieldDevice(SimPodSettings.Pins pins, int pin, String input, boolean active) {
            int rack = pins.leakPins().indexOf(pin) + 1;
            if (rack > 0) {
                return () -> t.plant().act("leak " + rack + (active ? " on" : " off"));
            }
            if (pin == pins.estopPin()) {
                return () -> t.plant().act("estop " + (active ? "pressed" : "released"));
            }
            if (pin == pins.localResetPin()) {
                return () -> t.plant().act("button " + (active ? "pressed" : "released"));
            }
            throw new IllegalArgumentException("the simulated plant drives leak loops, the E-stop and the reset button;"
                    + " " + input + " is wired to nothing it can make active (cut its wire instead)");
        }

        private void plant(ScenarioFile.Plant p) {
            if (p.pump() != null) {
                String band = "pump:" + p.pump();
                t.plant().act("pump " + p.pump() + " " + p.action().name().toLowerCase(Locale.ROOT));
                if (p.action() == ScenarioFile.PumpAction.STOP || p.action() == ScenarioFile.PumpAction.FAIL) {
                    open(band, "pump " + p.pump() + " " + p.action().name().toLowerCase());
                } else {
                    close(band);
                }
            } else if (p.facilityWater() != null) {
                t.plant().act("water " + p.facilityWater());
                close("water");
                if (p.facilityWater() > 20) {
                    open("water", String.format(Locale.ROOT, "facility water %.0f degC", p.facilityWater()));
                }
            } else if (p.rack() != null) {
                t.plant().act("load " + p.rack() + " " + p.loadKw());
                bands.add(new Band(String.format(Locale.ROOT, "rack %d load %.0f kW", p.rack(), p.loadKw()),
                        System.nanoTime(), System.nanoTime()));
            } else {
                SupplySensor sensor = SupplySensor.valueOf(p.sensor().name());
                String band = "sensor:" + sensor;
                if (p.repair() != null && p.repair()) {
                    t.plant().act("sensor " + sensor + " repair");
                    close(band);
                } else if (p.drift() != null) {
                    t.plant().act("sensor " + sensor + " drift " + p.drift());
                    open(band, "sensor " + sensor + " drifting " + p.drift() + " degC/min");
                } else {
                    t.plant().act("sensor " + sensor + " " + (p.sensorFault() == ScenarioFile.SensorFailure.OPEN_CIRCUIT
                            ? "openCircuit" : "shortCircuit"));
                    open(band, "sensor " + sensor + " " + p.sensorFault().name().toLowerCase(Locale.ROOT));
                }
            }
        }

        private void broker(ScenarioFile.BrokerAction a) {
            if (t.broker() == null) {
                throw new IllegalStateException("broker steps need the broker this run starts: leave out --broker"
                        + " (and --target remote)");
            }
            t.broker().act(a);
            switch (a) {
                case PAUSE, KILL -> open("broker", "broker " + a.name().toLowerCase(Locale.ROOT));
                case RESUME, START -> close("broker");
                case RESTART -> bands.add(new Band("broker restart", System.nanoTime(), System.nanoTime()));
            }
        }

        private void open(String key, String label) {
            close(key);
            openBands.put(key + "\u0000" + label, System.nanoTime());
        }

        private void close(String key) {
            long now = System.nanoTime();
            openBands.entrySet().removeIf(e -> {
                if (e.getKey().startsWith(key + "\u0000")) {
                    bands.add(new Band(e.getKey().substring(key.length() + 1), e.getValue(), now));
                    return true;
                }
                return false;
            });
        }

        // ---- commands and expectations ----

        private StepResult command(int index, String label, long begun, ScenarioFile.Command c) {
            String id = "s-" + UUID.randomUUID();
            Instant now = Instant.now();
            String payload = "{\"id\":\"" + id + "\",\"issuedAt\":\"" + now + "\",\"expiresAt\":\"" + now.plusSeconds(4)
                    + "\"" + (c.args() == null ? "" : ",\"args\":" + c.args()) + "}";
            t.observer().publish("cmd/" + c.name() + "/" + c.identity(), payload);
            lastAction = begun;
            long deadline = begun + c.within().toNanos();
            while (System.nanoTime() < deadline) {
                for (Message m : t.observer().messages()) {
                    if (m.topic().equals("replies") && m.payload() != null && id.equals(m.payload().path("id").asText())) {
                        String code = m.payload().path("code").asText();
                        double ms = (m.nanos() - begun) / 1e6;
                        boolean ok = code.equals(c.expect().name());
                        return new StepResult(index, label, ok, ok ? String.format(Locale.ROOT, "%s after %.1f ms",
                                code, ms) : "replied " + code + " (" + m.payload().path("message").asText()
                                + "), expected " + c.expect(), begun, ms, c.within().toNanos() / 1e6);
                    }
                }
                LockSupport.parkNanos(POLL_NANOS);
            }
            return new StepResult(index, label, false, "no reply within " + Durations.format(c.within()), begun,
                    Double.NaN, c.within().toNanos() / 1e6);
        }

        private StepResult expect(int index, String label, long begun, Expect e) {
            List<Condition> cs = new ArrayList<>();
            if (e.trip() != null) {
                cs.add(new Condition("trip " + e.trip() + " latched", () -> retainedSince("state",
                        j -> trip(j, e.trip()) != null
                                && (e.firstOut() == null || trip(j, e.trip()).path("firstOut").asBoolean()
                                == e.firstOut()))));
            }
            if (e.outputs() != null) {
                cs.add(new Condition(outputsText(e.outputs()), () -> outputsSince(e.outputs())));
            }
            if (e.event() != null) {
                cs.add(new Condition("event " + e.event() + (e.source() == null ? "" : " from " + e.source()),
                        () -> eventSince(e.event(), e.source())));
                if (e.firstOut() != null && e.trip() == null) {
                    cs.add(new Condition(e.source() + (e.firstOut() ? " first out" : " not first out"),
                            () -> retainedSince("state", j -> trip(j, e.source()) != null
                                    && trip(j, e.source()).path("firstOut").asBoolean() == e.firstOut())));
                }
            }
            if (e.alarm() != null) {
                String want = e.alarmState() == null ? "active" : e.alarmState().name();
                cs.add(new Condition("alarm " + e.alarm() + " " + want, () -> retainedSince("alarms/" + e.alarm(),
                        j -> e.alarmState() == null ? j.path("state").asText().startsWith("ACTIVE")
                                : j.path("state").asText().equals(e.alarmState().name()))));
            }
            if (e.mode() != null) {
                cs.add(new Condition("mode " + e.mode(), () -> retainedSince("state",
                        j -> j.path("mode").asText().equals(e.mode().name()))));
            }
            if (e.point() != null) {
                cs.add(new Condition(e.point() + " " + e.quality(), () -> retainedSince("points/" + e.point(),
                        j -> j.path("q").asText().equals(e.quality()))));
            }
            if (e.eventsGapFree() != null) {
                cs.add(new Condition("events gap-free", () -> gapFree() == e.eventsGapFree() ? lastAction : -1));
            }
            return awaitCondition(index, label, begun, lastAction, e.within() != null ? e.within() : DEFAULT_WAIT,
                    e.within() != null, cs);
        }

        /**
         * Waits until every condition holds. A condition returns since when it holds (monotonic) or -1; the latency
         * is the latest of those less {@code from}. With a bound, waiting goes on past it (up to the bound again and
         * at least 1 s more) to report how late it came.
         */
        private StepResult awaitCondition(int index, String label, long begun, long from, Duration within,
                                          boolean bounded, List<Condition> cs) {
            long bound = within.toNanos();
            long deadline = from + (bounded ? bound + Math.max(bound, TimeUnit.SECONDS.toNanos(1)) : bound);
            deadline = Math.max(deadline, begun + (bounded ? TimeUnit.MILLISECONDS.toNanos(200) : 0));
            while (true) {
                long since = from;
                List<String> missing = new ArrayList<>();
                for (Condition c : cs) {
                    long s = c.since().getAsLong();
                    if (s < 0) {
                        missing.add(c.text());
                    } else {
                        since = Math.max(since, s);
                    }
                }
                if (missing.isEmpty()) {
                    double ms = (since - from) / 1e6;
                    double boundMs = bounded ? bound / 1e6 : Double.NaN;
                    boolean ok = !bounded || since - from <= bound;
                    String detail = String.format(Locale.ROOT, "seen after %.1f ms", ms)
                            + (bounded ? String.format(Locale.ROOT, " (bound %s)", Durations.format(within)) : "");
                    if (!ok) {
                        detail = String.format(Locale.ROOT, "seen after %.1f ms, over the %s bound", ms,
                                Durations.format(within));
                    }
                    return new StepResult(index, label, ok, detail, begun, ms, boundMs);
                }
                long now = System.nanoTime();
                bar.update(stepTitle, now - begun, deadline - begun, now);
                if (now > deadline) {
                    return new StepResult(index, label, false, "not seen within " + Durations.format(within)
                            + ": " + String.join("; ", missing) + " (" + observed() + ")", begun, Double.NaN,
                            bounded ? bound / 1e6 : Double.NaN);
                }
                LockSupport.parkNanos(POLL_NANOS);
            }
        }

        /** Parks until {@code deadline} (an {@code at:} time), with the wait bar. */
        private void waitUntil(long deadline) {
            long from = System.nanoTime();
            long left;
            while ((left = deadline - System.nanoTime()) > 0) {
                long now = System.nanoTime();
                bar.update(stepTitle + " (waiting for its start)", now - from, deadline - from, now);
                LockSupport.parkNanos(Math.min(left, TimeUnit.MILLISECONDS.toNanos(WaitBar.REDRAW_MS)));
            }
        }

        /** What the observer saw last, for a failure message. */
        private String observed() {
            JsonNode s = latest("state");
            List<String> off = new ArrayList<>();
            t.observer().levels().forEach((k, v) -> off.add(k + (v ? " on" : " off")));
            return "mode " + (s == null ? "unknown" : s.path("mode").asText()) + ", trips "
                    + (s == null ? "[]" : ids(s.path("trips"))) + ", outputs " + String.join(", ", off);
        }

        private static String ids(JsonNode array) {
            List<String> ids = new ArrayList<>();
            array.forEach(n -> ids.add(n.path("id").asText()));
            return ids.toString();
        }

        private JsonNode trip(JsonNode state, String id) {
            for (JsonNode n : state.path("trips")) {
                if (n.path("id").asText().equals(id)) {
                    return n;
                }
            }
            return null;
        }

        private JsonNode latest(String topic) {
            List<Message> ms = t.observer().messages();
            for (int i = ms.size() - 1; i >= 0; i--) {
                if (ms.get(i).topic().equals(topic) && ms.get(i).payload() != null) {
                    return ms.get(i).payload();
                }
            }
            return null;
        }

        /**
         * When the retained topic began to satisfy {@code p} without interruption up to its latest message: the
         * arrival of the first message of that run, or -1 when the latest does not satisfy it.
         */
        private long retainedSince(String topic, Predicate<JsonNode> p) {
            List<Message> ms = t.observer().messages();
            long since = -1;
            for (int i = ms.size() - 1; i >= 0; i--) {
                Message m = ms.get(i);
                if (!m.topic().equals(topic) || m.payload() == null) {
                    continue;
                }
                if (!p.test(m.payload())) {
                    break;
                }
                since = m.nanos();
            }
            return since;
        }

        private long eventSince(String type, String source) {
            for (Message m : t.observer().messages()) {
                if (m.nanos() >= lastAction && m.topic().equals("events") && m.payload() != null
                        && m.payload().path("type").asText().equals(type)
                        && (source == null || m.payload().path("source").asText().equals(source))) {
                    return m.nanos();
                }
            }
            return -1;
        }

        private long outputsSince(ScenarioFile.Outputs o) {
            Map<String, Boolean> levels = t.observer().levels();
            long since = 0;
            for (String id : o.on()) {
                if (!Boolean.TRUE.equals(levels.get(id))) {
                    return -1;
                }
                since = Math.max(since, t.observer().lastChange(id));
            }
            for (String id : o.off()) {
                if (!Boolean.FALSE.equals(levels.get(id))) {
                    return -1;
                }
                since = Math.max(since, t.observer().lastChange(id));
            }
            return since;
        }

        private boolean gapFree() {
            TreeSet<Long> seqs = new TreeSet<>();
            for (Message m : t.observer().messages()) {
                if (m.topic().equals("events") && m.payload() != null && m.payload().has("seq")) {
                    seqs.add(m.payload().path("seq").asLong());
                }
            }
            Long previous = null;
            for (long s : seqs) {
                if (previous != null && s != previous + 1) {
                    return false;
                }
                previous = s;
            }
            return !seqs.isEmpty();
        }

        private ScenarioResult.Timeline timeline() {
            Map<String, List<Sample>> points = new LinkedHashMap<>();
            Map<String, List<Sample>> alarms = new LinkedHashMap<>();
            Set<String> plotted = new HashSet<>(loaded.scenario().plot());
            for (String id : loaded.scenario().plot()) {
                points.put(id, new ArrayList<>());
            }
            for (Message m : t.observer().messages()) {
                if (m.payload() == null) {
                    continue;
                }
                if (m.topic().startsWith("points/") && plotted.contains(m.topic().substring(7))) {
                    JsonNode v = m.payload().path("v");
                    points.get(m.topic().substring(7)).add(new Sample(m.nanos(), v.isNumber() ? v.asDouble() : Double.NaN));
                } else if (m.topic().startsWith("alarms/")) {
                    String state = m.payload().path("state").asText();
                    double level = state.startsWith("ACTIVE") ? severity(m.payload().path("severity").asText()) : 0;
                    alarms.computeIfAbsent(m.topic().substring(7), k -> new ArrayList<>()).add(new Sample(m.nanos(), level));
                }
            }
            alarms.values().removeIf(l -> l.stream().allMatch(x -> x.value() == 0));
            return new ScenarioResult.Timeline(points, t.observer().pinChanges(), alarms);
        }

        private double seconds(long nanos) {
            return (nanos - t0) / 1e9;
        }
    }

    /** 1 warning, 2 alarm, 3 trip. */
    private static double severity(String s) {
        return switch (s) {
            case "trip" -> 3;
            case "alarm" -> 2;
            default -> 1;
        };
    }

    /** A condition of an expectation, in words, and since when it holds (monotonic) or -1. */
    private record Condition(String text, LongSupplier since) {
    }

    private static String outputsText(ScenarioFile.Outputs o) {
        List<String> parts = new ArrayList<>();
        if (!o.on().isEmpty()) {
            parts.add(String.join(", ", o.on()) + " on");
        }
        if (!o.off().isEmpty()) {
            parts.add(String.join(", ", o.off()) + " off");
        }
        return String.join("; ", parts);
    }

    private static String describe(ScenarioFile.Fault f) {
        return switch (f.mode()) {
            case DELAY -> "delay " + f.ms() + " ms";
            case EXCEPTION -> "exception " + f.code();
            case NAN, WORD_SWAP -> f.mode().name().toLowerCase(Locale.ROOT) + " " + f.point();
            default -> f.mode().name().toLowerCase(Locale.ROOT).replace('_', ' ');
        };
    }

    /** A step in words, for progress lines, the report and failure messages. */
    static String label(Step st) {
        if (st.name() != null) {
            return st.name();
        }
        if (st.waitFor() != null) {
            return "wait for " + st.waitFor().mode() + " within " + Durations.format(st.waitFor().within());
        }
        if (st.fault() != null) {
            return "fault " + st.fault().device() + " " + describe(st.fault());
        }
        if (st.line() != null) {
            return "line " + st.line().bus() + " " + st.line().mode().name().toLowerCase(Locale.ROOT);
        }
        if (st.gpio() != null) {
            ScenarioFile.Gpio g = st.gpio();
            return g.output() != null ? "gpio " + g.output() + " contactor " + g.contactor().name().toLowerCase(Locale.ROOT)
                    : "gpio " + g.input() + (g.level() != null ? " " + g.level().name().toLowerCase(Locale.ROOT)
                    : g.chatter() != null ? " chatter x" + g.chatter() : " wire " + g.wire().name().toLowerCase(Locale.ROOT));
        }
        if (st.plant() != null) {
            ScenarioFile.Plant p = st.plant();
            return p.pump() != null ? "plant pump " + p.pump() + " " + p.action().name().toLowerCase(Locale.ROOT)
                    : p.facilityWater() != null ? "plant facility water " + p.facilityWater() + " degC"
                    : p.rack() != null ? "plant rack " + p.rack() + " load " + p.loadKw() + " kW"
                    : "plant sensor " + p.sensor() + (p.drift() != null ? " drift " + p.drift() + " degC/min"
                    : p.sensorFault() != null ? " " + p.sensorFault() : " repaired");
        }
        if (st.broker() != null) {
            return "broker " + st.broker().name().toLowerCase(Locale.ROOT);
        }
        if (st.clock() != null) {
            return "clock wall jump " + st.clock().wallJump();
        }
        if (st.command() != null) {
            ScenarioFile.Command c = st.command();
            return "command " + c.name() + " as " + c.identity() + " expecting " + c.expect();
        }
        Expect e = st.expect();
        List<String> parts = new ArrayList<>();
        if (e.trip() != null) {
            parts.add("trip " + e.trip());
        }
        if (e.outputs() != null) {
            parts.add(outputsText(e.outputs()));
        }
        if (e.event() != null) {
            parts.add("event " + e.event() + (e.source() == null ? "" : " from " + e.source()));
        }
        if (e.firstOut() != null) {
            parts.add(e.firstOut() ? "first out" : "not first out");
        }
        if (e.alarm() != null) {
            parts.add("alarm " + e.alarm() + (e.alarmState() == null ? " active" : " " + e.alarmState()));
        }
        if (e.mode() != null) {
            parts.add("mode " + e.mode());
        }
        if (e.point() != null) {
            parts.add(e.point() + " " + e.quality());
        }
        if (e.eventsGapFree() != null) {
            parts.add(e.eventsGapFree() ? "events gap-free" : "a gap in the events");
        }
        return "expect " + String.join(", ", parts) + (e.within() != null ? " within " + Durations.format(e.within()) : "");
    }

    private static void parkUntil(long deadline) {
        long left;
        while ((left = deadline - System.nanoTime()) > 0) {
            LockSupport.parkNanos(left);
        }
    }
}
