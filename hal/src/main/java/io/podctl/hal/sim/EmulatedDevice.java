package io.podctl.hal.sim;

import io.podctl.hal.Clock;
import io.podctl.hal.modbus.RegisterTable;
import io.podctl.hal.sim.internal.DeviceCore;
import io.podctl.hal.sim.internal.RegisterImage;
import java.util.List;
import java.util.Objects;

/**
 * One emulated Modbus device (a unit id and its {@link RegisterMap}) that can be told to misbehave. It is
 * served to masters by one or more {@link ModbusEmulator}s (Modbus TCP, RTU on a serial line or
 * pseudo-terminal); the same device may be served over both at once.
 *
 * <p>Two sides: the <b>plant side</b> ({@link #set}, {@link #setFloat32}, {@link #setBits}) is the process behind
 * the device changing its measurements; the <b>master side</b> is what Modbus requests see and do (reads,
 * and writes to addresses the map makes writable, which {@link #stored} returns). {@link #read} shows what a
 * master would read now, data faults included.
 *
 * <p>Faults ({@link #inject}) apply per request; see {@link Fault} for each one and the order they apply in.
 * Production code never calls the poke methods.
 *
 * <p>Threading: every method is thread-safe. A request is processed atomically against the registers: a
 * multi-register read sees one plant update or the next, never half of one.
 */
public final class EmulatedDevice {
    final DeviceCore core;

    /**
     * A device answering as {@code unitId} with {@code map}'s registers at their initial values.
     *
     * @param clock judges {@link Fault.ZerosAfterReboot}'s duration (monotonic)
     */
    public EmulatedDevice(String id, int unitId, RegisterMap map, Clock clock) {
        Objects.requireNonNull(map, "map");
        if (unitId < 0 || unitId > 255) {
            throw new IllegalArgumentException("unit id outside 0..255: " + unitId);
        }
        this.core = new DeviceCore(id, unitId, new RegisterImage(map), clock);
    }

    /** A device on the system clock. */
    public EmulatedDevice(String id, int unitId, RegisterMap map) {
        this(id, unitId, map, Clock.system());
    }

    /** The device's id, for logs and thread names. */
    public String id() {
        return core.id();
    }

    /** The unit id it answers to. */
    public int unitId() {
        return core.unitId();
    }

    // ---- plant side ----

    /**
     * Sets registers (or bits, as 0/1) from {@code address}, as the process behind the device does; ignored
     * while {@link Fault.Frozen} is active.
     *
     * @throws IllegalArgumentException when an address is not mapped or a value does not fit
     */
    public void set(RegisterTable table, int address, int... values) {
        core.image().update(w -> w.put(table, address, values));
    }

    /** Sets two registers to an IEEE-754 float32, high word first (ABCD), like {@link #set}. */
    public void setFloat32(RegisterTable table, int address, float value) {
        int bits = Float.floatToRawIntBits(value);
        set(table, address, bits >>> 16, bits & 0xFFFF);
    }

    /** Sets coils or discrete inputs, like {@link #set}. */
    public void setBits(RegisterTable table, int address, boolean... values) {
        int[] v = new int[values.length];
        for (int i = 0; i < v.length; i++) {
            v[i] = values[i] ? 1 : 0;
        }
        set(table, address, v);
    }

    /** What the device holds at {@code address}, ignoring overrides and faults: e.g. the last command a master wrote. */
    public int stored(RegisterTable table, int address) {
        return core.image().stored(table, address);
    }

    /**
     * What a master would read now from {@code count} addresses: overrides and data faults applied.
     *
     * @throws IllegalArgumentException when an address is not mapped
     */
    public int[] read(RegisterTable table, int address, int count) {
        return core.image().withLock(() -> {
            core.image().read(table, address, count);
            int[] out = new int[count];
            for (int i = 0; i < count; i++) {
                out[i] = core.readValue(table, address + i);
            }
            return out;
        });
    }

    /** Makes reads of {@code values.length} addresses from {@code address} return {@code values} until cleared. */
    public void override(RegisterTable table, int address, int... values) {
        core.image().override(table, address, values);
    }

    /** Removes every override. */
    public void clearOverrides() {
        core.image().clearOverrides();
    }

    // ---- faults ----

    /** Activates {@code fault} (see {@link Fault}: a delivery fault replaces the previous one). */
    public void inject(Fault fault) {
        core.inject(fault);
    }

    /** Clears every active fault of this kind, e.g. {@code clear(Fault.Silent.class)}. */
    public void clear(Class<? extends Fault> kind) {
        core.clear(kind);
    }

    /** Clears every fault. */
    public void clearFaults() {
        core.clearAll();
    }

    /** The active faults, oldest first. */
    public List<Fault> faults() {
        return core.faults();
    }

    // ---- counters ----

    /** Requests addressed to this device since it was created, answered or not. */
    public long requests() {
        return core.requests();
    }

    /** Exception replies sent. */
    public long exceptionReplies() {
        return core.exceptionReplies();
    }

    /** Master writes stored. */
    public long writesApplied() {
        return core.writesApplied();
    }

    /** Master writes acknowledged but ignored under {@link Fault.IgnoreWrites}. */
    public long writesIgnored() {
        return core.writesIgnored();
    }

    @Override
    public String toString() {
        return "EmulatedDevice[" + id() + ", unit " + unitId() + ", faults " + faults() + "]";
    }
}
