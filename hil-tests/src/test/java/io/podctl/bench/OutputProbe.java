package io.podctl.bench;

import io.podctl.hal.gpio.DigitalIn;
import io.podctl.hal.gpio.DigitalOut;
import io.podctl.hal.gpio.InputPinSpec;
import io.podctl.hal.gpio.OutputPinSpec;
import io.podctl.hal.sim.MockGpioPlatform;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The bench's output-change hook: a {@link MockGpioPlatform} that passes everything to the real one and stamps
 * every change of an output pin with {@link System#nanoTime()} the moment the controller's write returned, so
 * latencies end at the pin, not at the next poll of it. Changes the controller does not make (the simulated
 * watchdog relay dropping out) are stamped when {@link #forceOutputsDeEnergized} returns.
 *
 * <p>Threading: writes come from the control loop thread (and the output supervisor or watchdog); queries from
 * any thread. The per-pin stamps are atomics; the optional timeline is a bounded list (further changes are
 * counted, not kept).
 */
final class OutputProbe implements MockGpioPlatform {
    /** Timeline capacity: far more than one scenario produces. */
    private static final int TIMELINE_CAPACITY = 10_000;

    /** One change of an output pin's electrical state. */
    record Change(int pin, boolean energized, long nanos) {
    }

    private final MockGpioPlatform delegate;
    private final Map<Integer, AtomicLong> lastOff = new ConcurrentHashMap<>();
    private final Map<Integer, AtomicLong> lastOn = new ConcurrentHashMap<>();
    private final AtomicLong energizeCount = new AtomicLong();
    private final List<Change> timeline = new ArrayList<>();
    private volatile boolean recording;
    private long timelineDropped;

    OutputProbe(MockGpioPlatform delegate) {
        this.delegate = delegate;
    }

    /** Monotonic time (ns) of the last de-energize of {@code pin}, or {@link Long#MIN_VALUE} if never. */
    long lastOffNanos(int pin) {
        AtomicLong t = lastOff.get(pin);
        return t == null ? Long.MIN_VALUE : t.get();
    }

    /** Monotonic time (ns) of the last energize of {@code pin}, or {@link Long#MIN_VALUE} if never. */
    long lastOnNanos(int pin) {
        AtomicLong t = lastOn.get(pin);
        return t == null ? Long.MIN_VALUE : t.get();
    }

    /** Energize transitions of any output so far. */
    long energizeCount() {
        return energizeCount.get();
    }

    /**
     * The moment every one of {@code pins} was last de-energized at or after {@code sinceNanos} and is still
     * de-energized (the latest of their stamps), or {@link Long#MIN_VALUE} if one of them is energized or has
     * not gone off since then.
     */
    long allOffSince(int[] pins, long sinceNanos) {
        long latest = Long.MIN_VALUE;
        for (int pin : pins) {
            long off = lastOffNanos(pin);
            if (off < sinceNanos || lastOnNanos(pin) > off || delegate.outputLevel(pin)) {
                return Long.MIN_VALUE;
            }
            latest = Math.max(latest, off);
        }
        return latest;
    }

    /** Starts keeping every change in a timeline (cleared). */
    synchronized void startTimeline() {
        timeline.clear();
        timelineDropped = 0;
        recording = true;
    }

    /** Stops the timeline and returns it in order of recording. */
    synchronized List<Change> stopTimeline() {
        recording = false;
        return List.copyOf(timeline);
    }

    private void changed(int pin, boolean energized) {
        long now = System.nanoTime();
        (energized ? lastOn : lastOff).computeIfAbsent(pin, p -> new AtomicLong(Long.MIN_VALUE)).set(now);
        if (energized) {
            energizeCount.incrementAndGet();
        }
        if (recording) {
            synchronized (this) {
                if (timeline.size() < TIMELINE_CAPACITY) {
                    timeline.add(new Change(pin, energized, now));
                } else {
                    timelineDropped++;
                }
            }
        }
    }

    @Override
    public DigitalIn input(InputPinSpec spec) {
        return delegate.input(spec);
    }

    @Override
    public DigitalOut output(OutputPinSpec spec) {
        return new RecordedOut(delegate.output(spec), spec.pin());
    }

    @Override
    public String describe() {
        return delegate.describe() + " (output changes stamped)";
    }

    @Override
    public void close() {
        delegate.close();
    }

    @Override
    public void setInputLevel(int bcmPin, boolean high) {
        delegate.setInputLevel(bcmPin, high);
    }

    @Override
    public boolean outputLevel(int bcmPin) {
        return delegate.outputLevel(bcmPin);
    }

    @Override
    public void forceOutputsDeEnergized() {
        List<Integer> wereOn = new ArrayList<>();
        for (Integer pin : lastOn.keySet()) {
            if (delegate.outputLevel(pin)) {
                wereOn.add(pin);
            }
        }
        delegate.forceOutputsDeEnergized();
        wereOn.forEach(pin -> changed(pin, false));
    }

    /** Stamps changes of the commanded state; the wrapped pin does the work. */
    private final class RecordedOut implements DigitalOut {
        private final DigitalOut out;
        private final int pin;

        RecordedOut(DigitalOut out, int pin) {
            this.out = out;
            this.pin = pin;
        }

        @Override
        public String id() {
            return out.id();
        }

        @Override
        public void setEnergized(boolean energized) {
            boolean before = delegate.outputLevel(pin);
            out.setEnergized(energized);
            boolean after = delegate.outputLevel(pin);
            if (after != before) {
                changed(pin, after); // the simulated pod's outputs are energized when high
            }
        }

        @Override
        public boolean isCommandedEnergized() {
            return out.isCommandedEnergized();
        }

        @Override
        public boolean readBackEnergized() {
            return out.readBackEnergized();
        }

        @Override
        public void close() {
            boolean before = delegate.outputLevel(pin);
            out.close();
            if (before) {
                changed(pin, false);
            }
        }
    }
}
