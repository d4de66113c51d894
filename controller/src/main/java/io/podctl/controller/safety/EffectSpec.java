package io.podctl.controller.safety;

import java.util.Objects;

/**
 * A declared effect (a column of the cause-and-effect matrix), compiled against the outputs. Immutable.
 *
 * @param id          effect id
 * @param description for people
 * @param kind        what it does
 * @param outputs     for DEENERGIZE / ENERGIZE: output indexes
 * @param write       for WRITE: the write, else null
 * @param derateW     for DERATE: the power the pod can still carry, W, else NaN
 */
public record EffectSpec(String id, String description, Kind kind, int[] outputs, WriteSpec write, double derateW) {

    /** What an effect does while it acts. */
    public enum Kind {
        /** Holds outputs de-energized. */
        DEENERGIZE,
        /** Holds outputs energized (beacon, horn). */
        ENERGIZE,
        /** Writes a device point once when it starts, verified by read-back. */
        WRITE,
        /** Limits the power the pod announces it can carry. */
        DERATE
    }

    public EffectSpec {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(kind, "kind");
        outputs = outputs.clone();
        if (kind == Kind.WRITE && write == null) {
            throw new IllegalArgumentException(id + ": a write effect needs its write");
        }
    }

    @Override
    public int[] outputs() {
        return outputs.clone();
    }

    /** Whether it holds output {@code o} de-energized while acting. */
    public boolean deenergizes(int o) {
        return kind == Kind.DEENERGIZE && ProtectionSpec.contains(outputs, o);
    }

    /** Whether it energizes output {@code o} while acting. */
    public boolean energizes(int o) {
        return kind == Kind.ENERGIZE && ProtectionSpec.contains(outputs, o);
    }

    /**
     * A verified write to a device point.
     *
     * @param pointId     the writable point
     * @param value       engineering value
     * @param withinNanos the device must confirm within this time
     * @param confirm     the point that confirms the action, or null when the echo of the write is the proof
     */
    public record WriteSpec(String pointId, double value, long withinNanos, Confirmation confirm) {
        public WriteSpec {
            Objects.requireNonNull(pointId, "pointId");
        }
    }

    /**
     * The point whose reading proves that the device did what it was told (a pump's running feedback after its
     * start command).
     *
     * @param pointId   the confirming point
     * @param index     its index on the sample board, or -1 where no board is known (a write made by a command)
     * @param value     the engineering value it must reach
     * @param tolerance how far from {@code value} a reading may be and still confirm, engineering units
     */
    public record Confirmation(String pointId, int index, double value, double tolerance) {
        public Confirmation {
            Objects.requireNonNull(pointId, "pointId");
        }

        /** A reading confirms when it is within half a count of the register (exactly, for a bit). */
        public static double toleranceFor(boolean bit, double scale) {
            return bit ? 0.0 : Math.abs(scale) / 2;
        }

        /** Whether {@code reading} (engineering units) confirms. */
        public boolean confirmedBy(double reading) {
            return Double.isFinite(reading) && Math.abs(reading - value) <= tolerance;
        }
    }
}
