package io.podctl.hal.sim.internal;

import io.podctl.hal.sim.SensorFault;
import java.util.SplittableRandom;

/**
 * One temperature sensor of the plant: it reads the temperature it is given plus its own noise and its own
 * bias, which grows while the sensor drifts, unless a {@link SensorFault} replaces the reading. Deterministic:
 * the noise comes from the sensor's own seeded generator, drawn once per step.
 *
 * <p>Threading: not thread-safe; the owner serializes access.
 */
public final class TemperatureSensor {
    /**
     * Half-width of the uniform noise on a reading, °C: one step of a °C×10 register, so that a healthy
     * reading flickers by a step as a real transmitter's does, far inside any sensible discrepancy band.
     */
    public static final double NOISE_C = 0.1;

    private final SplittableRandom noise;
    private double noiseC;
    private double biasC;
    private double driftCPerSecond;
    private SensorFault fault;

    public TemperatureSensor(long seed) {
        this.noise = new SplittableRandom(seed);
        this.noiseC = noise.nextDouble(-NOISE_C, NOISE_C);
    }

    /** Grows the bias by {@code seconds} of drift and draws the next noise sample. */
    public void step(double seconds) {
        biasC += driftCPerSecond * seconds;
        noiseC = noise.nextDouble(-NOISE_C, NOISE_C);
    }

    /** From now on the bias grows by {@code cPerMinute} °C per simulated minute (negative: reads ever lower). */
    public void drift(double cPerMinute) {
        driftCPerSecond = cPerMinute / 60.0;
    }

    /** Makes the sensor report {@code f}'s reading instead of a temperature. */
    public void fail(SensorFault f) {
        fault = f;
    }

    /** A healthy sensor again: no fault, no bias, no drift. */
    public void repair() {
        fault = null;
        biasC = 0;
        driftCPerSecond = 0;
    }

    /** The bias accumulated by drifting, °C. */
    public double biasC() {
        return biasC;
    }

    /** The fault replacing the reading, or null. */
    public SensorFault fault() {
        return fault;
    }

    /** What the sensor reports for a true temperature of {@code trueC}, °C. */
    public double read(double trueC) {
        return fault != null ? fault.readingC() : trueC + biasC + noiseC;
    }
}
