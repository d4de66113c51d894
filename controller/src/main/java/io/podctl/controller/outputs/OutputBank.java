package io.podctl.controller.outputs;

import io.podctl.hal.gpio.DigitalOut;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The pod's energize-to-run outputs, indexed as the safety engine knows them.
 *
 * <p>Threading: {@link #apply} is called by the loop thread; {@link #forceSafe} may be called from any thread
 * (the output supervisor, shutdown). The underlying {@link DigitalOut}s are thread-safe, and a forced safe
 * state wins until the loop's next cycle, which by then has latched a trip.
 */
public final class OutputBank {
    private static final Logger log = LoggerFactory.getLogger(OutputBank.class);

    private final List<String> ids;
    private final DigitalOut[] outs;
    private final boolean[] commanded;
    private final boolean[] mismatch;
    private long readBackMismatches;

    /** One slot per output, in the order given. */
    public OutputBank(List<DigitalOut> outputs) {
        this.outs = outputs.toArray(DigitalOut[]::new);
        List<String> names = new ArrayList<>();
        for (DigitalOut o : outs) {
            names.add(Objects.requireNonNull(o.id()));
        }
        this.ids = List.copyOf(names);
        this.commanded = new boolean[outs.length];
        this.mismatch = new boolean[outs.length];
    }

    /** Number of outputs. */
    public int size() {
        return outs.length;
    }

    /** Output ids in index order. */
    public List<String> ids() {
        return ids;
    }

    /** The index of an output id, or -1. */
    public int indexOf(String id) {
        return ids.indexOf(id);
    }

    /**
     * Drives output {@code i} to {@code energize} and checks its read-back. Returns true when the commanded
     * state changed. Loop thread.
     */
    public boolean apply(int i, boolean energize) {
        boolean changed = commanded[i] != energize;
        if (changed || outs[i].isCommandedEnergized() != energize) {
            outs[i].setEnergized(energize);
            commanded[i] = energize;
        }
        boolean rb = outs[i].readBackEnergized();
        boolean bad = rb != energize;
        if (bad && !mismatch[i]) {
            readBackMismatches++;
            log.error("output {} read-back {} differs from commanded {}", ids.get(i), rb ? "energized" : "de-energized",
                    energize ? "energized" : "de-energized");
        }
        mismatch[i] = bad;
        return changed;
    }

    /** De-energizes every output now. Any thread; used by the supervisor, on failures and at shutdown. */
    public void forceSafe() {
        for (int i = 0; i < outs.length; i++) {
            try {
                outs[i].setEnergized(false);
            } catch (RuntimeException e) {
                // Keep going: one failing pin must not keep the others energized.
                log.error("could not de-energize output {}", ids.get(i), e);
            }
            commanded[i] = false;
        }
    }

    /** What the loop last commanded for output {@code i}. */
    public boolean commanded(int i) {
        return commanded[i];
    }

    /** The read-back state of output {@code i}. */
    public boolean readBack(int i) {
        return outs[i].readBackEnergized();
    }

    /**
     * Whether output {@code i}'s read-back disagreed with its command when the loop last applied it. Loop
     * thread; {@link OutputReadBack} turns a lasting disagreement into an alarm.
     */
    public boolean readBackDisagrees(int i) {
        return mismatch[i];
    }

    /** How many times an output's read-back disagreed with its command (counted per episode). */
    public long readBackMismatches() {
        return readBackMismatches;
    }
}
