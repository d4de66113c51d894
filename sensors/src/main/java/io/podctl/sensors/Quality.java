package io.podctl.sensors;

/**
 * How far a sample can be trusted. Only {@link #GOOD} carries a usable value; every other quality is a fault
 * input to the safety engine, never "a reading of 0" and never "the last good value".
 */
public enum Quality {
    /** A fresh, decoded, in-range value. */
    GOOD,
    /** Nothing has been received yet since start-up. */
    NO_DATA,
    /** The last sample is older than the point's staleness limit, judged by monotonic age. */
    STALE,
    /** The device could not be reached or did not answer in time. */
    COMM_FAIL,
    /** The device answered with a Modbus exception (device failure, busy beyond the poll budget). */
    DEVICE_EXCEPTION,
    /** The decoded value lies outside the point's valid range. */
    OUT_OF_RANGE,
    /** The value is not a number (NaN, infinity), implausible, or the mapping is wrong (exception 1/2/3). */
    INVALID,
    /** The value has not changed for the configured number of samples where noise is expected. */
    FROZEN;

    private static final Quality[] VALUES = values();

    /** Whether the value may be used. */
    public boolean isGood() {
        return this == GOOD;
    }

    /** The quality with the given ordinal; used to unpack the board's compact storage. */
    public static Quality ofOrdinal(int ordinal) {
        return VALUES[ordinal];
    }
}
