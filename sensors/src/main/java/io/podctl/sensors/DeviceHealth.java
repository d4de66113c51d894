package io.podctl.sensors;

/** The health of one field device as its poller judges it. */
public enum DeviceHealth {
    /** Not polled yet. */
    UNKNOWN,
    /** Every block of the last poll succeeded. */
    ONLINE,
    /** Some blocks failed, or transient errors needed retries, or a mapping error marks some points invalid. */
    DEGRADED,
    /** The device did not answer any block of the last polls; its points are COMM_FAIL. */
    OFFLINE
}
