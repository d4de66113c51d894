package io.podctl.hal.modbus;

/**
 * Modbus exception codes and how podctl treats each class of them. Pure constants and helpers.
 */
public final class ModbusException {
    /** 01: function not supported by the device. A mapping error. */
    public static final int ILLEGAL_FUNCTION = 0x01;
    /** 02: the address range is not valid on the device. A mapping error. */
    public static final int ILLEGAL_DATA_ADDRESS = 0x02;
    /** 03: a value in the request is not acceptable. A mapping error. */
    public static final int ILLEGAL_DATA_VALUE = 0x03;
    /** 04: unrecoverable error in the device. */
    public static final int SERVER_DEVICE_FAILURE = 0x04;
    /** 05: request accepted, long operation in progress. Transient. */
    public static final int ACKNOWLEDGE = 0x05;
    /** 06: device busy. Transient. */
    public static final int SERVER_DEVICE_BUSY = 0x06;
    /** 0A: a gateway has no path to the target unit. */
    public static final int GATEWAY_PATH_UNAVAILABLE = 0x0A;
    /** 0B: a gateway's target unit did not respond. */
    public static final int GATEWAY_TARGET_FAILED = 0x0B;

    private ModbusException() {
    }

    /** Codes 1–3: the configuration does not match the device; retrying will not help. */
    public static boolean isMappingError(int code) {
        return code >= ILLEGAL_FUNCTION && code <= ILLEGAL_DATA_VALUE;
    }

    /** Codes 5–6: the device is busy; the request may be retried within the poll budget. */
    public static boolean isTransient(int code) {
        return code == ACKNOWLEDGE || code == SERVER_DEVICE_BUSY;
    }

    /** Codes 0A–0B: a gateway reports that the unit behind it is unreachable. */
    public static boolean isGatewayError(int code) {
        return code == GATEWAY_PATH_UNAVAILABLE || code == GATEWAY_TARGET_FAILED;
    }
}
