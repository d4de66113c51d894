package io.podctl.hal.sim;

/** How a simulated Modbus device behaves while it is offline. */
public enum OfflineMode {
    /**
     * Connections are accepted and requests are read, but nothing is answered: a hung device, or a cable
     * cut beyond a switch. A master sees its transaction deadline expire.
     */
    NO_REPLY,
    /**
     * The port is closed: open connections are closed and new ones are refused (RST), as when the device
     * reboots or is switched off. Coming back online listens on the same port again.
     */
    REFUSE_CONNECTIONS
}
