package io.podctl.hal.modbus;

import io.podctl.hal.sim.VirtualSerialLine;

/**
 * The two ends of a simulated RS-485 line ({@link VirtualSerialLine}) for tests: the master opens
 * {@link #master}, the slaves (or the device emulator) {@link #slaves}. Shared with the sensors and controller
 * tests through hal's test-jar.
 */
public final class SocatPair implements AutoCloseable {
    private final VirtualSerialLine line;
    /** The master's end. */
    public final String master;
    /** The slaves' end. */
    public final String slaves;

    /** Starts socat and waits (up to 5 s) for both links; fails with how to install socat if it is missing. */
    public SocatPair() {
        line = VirtualSerialLine.open("test");
        master = line.controllerEnd();
        slaves = line.devicesEnd();
    }

    @Override
    public void close() {
        line.close();
    }
}
