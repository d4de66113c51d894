package io.podctl.hal.sim;

import io.podctl.hal.modbus.RtuBusSettings;
import io.podctl.hal.sim.internal.DeviceCore;
import io.podctl.hal.sim.internal.EmulatorTimer;
import io.podctl.hal.sim.internal.RtuEmulatorServer;
import io.podctl.hal.sim.internal.TcpEmulatorServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Objects;

/**
 * Serves {@link EmulatedDevice}s to real Modbus masters: over Modbus TCP on a socket (one device, or several
 * behind one "gateway" port, routed by unit id) or over Modbus RTU on a serial port or one end of a
 * pseudo-terminal pair (e.g. {@code socat -d -d pty,raw,echo=0,link=A pty,raw,echo=0,link=B}).
 *
 * <p>Protocol behaviour, fault injection and threads are described on {@link EmulatedDevice}, {@link Fault}
 * and the two transports: over TCP, one accept thread and one thread per connection named
 * {@code sim-modbus-<name>@<port>-…}; over RTU one reader thread {@code sim-rtu-<name>}; plus a timer thread
 * {@code sim-timer-<name>} only while delayed replies are pending.
 *
 * <p>Threading: thread-safe. {@link #close()} stops every thread of this emulator.
 */
public final class ModbusEmulator implements AutoCloseable {
    private final String name;
    private final EmulatorTimer timer;
    private final TcpEmulatorServer tcp;
    private final RtuEmulatorServer rtu;

    private ModbusEmulator(String name, EmulatorTimer timer, TcpEmulatorServer tcp, RtuEmulatorServer rtu) {
        this.name = name;
        this.timer = timer;
        this.tcp = tcp;
        this.rtu = rtu;
    }

    /**
     * Serves {@code devices} over Modbus TCP on {@code bind:port} (0 = ephemeral) and starts accepting.
     * With one device, a request for another unit id gets exception 02; with several, 0B.
     *
     * @throws UncheckedIOException     when the port cannot be bound
     * @throws IllegalArgumentException when two devices share a unit id
     */
    public static ModbusEmulator tcp(String name, InetAddress bind, int port, List<EmulatedDevice> devices) {
        Objects.requireNonNull(name, "name");
        EmulatorTimer timer = new EmulatorTimer(name);
        TcpEmulatorServer server = new TcpEmulatorServer(name, bind, port, cores(devices), timer);
        try {
            server.start();
        } catch (IOException e) {
            server.close();
            timer.close();
            throw new UncheckedIOException(name + " cannot listen on " + bind.getHostAddress() + ":" + port, e);
        }
        return new ModbusEmulator(name, timer, server, null);
    }

    /** Serves {@code devices} over Modbus TCP on an ephemeral loopback port, named after the first device. */
    public static ModbusEmulator tcp(List<EmulatedDevice> devices) {
        return tcp(devices.get(0).id(), InetAddress.getLoopbackAddress(), 0, devices);
    }

    /**
     * Serves {@code devices} as the slaves on one RTU line; {@code line}'s transaction deadline is not used.
     *
     * @throws UncheckedIOException     when the port cannot be opened
     * @throws IllegalArgumentException when two devices share a unit id, or one is outside 1..247
     */
    public static ModbusEmulator rtu(String name, RtuBusSettings line, List<EmulatedDevice> devices) {
        Objects.requireNonNull(name, "name");
        EmulatorTimer timer = new EmulatorTimer(name);
        RtuEmulatorServer server = new RtuEmulatorServer(name, line, cores(devices), timer);
        try {
            server.start();
        } catch (IOException e) {
            server.close();
            timer.close();
            throw new UncheckedIOException(name + ": " + e.getMessage(), e);
        }
        return new ModbusEmulator(name, timer, null, server);
    }

    private static List<DeviceCore> cores(List<EmulatedDevice> devices) {
        return devices.stream().map(d -> d.core).toList();
    }

    /**
     * Where TCP masters connect (the bound port, also when it was ephemeral).
     *
     * @throws IllegalStateException for an RTU emulator
     */
    public InetSocketAddress endpoint() {
        if (tcp == null) {
            throw new IllegalStateException(name + " serves an RTU line, not a TCP port");
        }
        return tcp.endpoint();
    }

    /**
     * Puts noise on the RTU line it serves, or takes it off ({@code null}).
     *
     * @throws IllegalStateException for a TCP emulator (a TCP connection has no line to disturb)
     */
    public void setLineNoise(LineNoise noise) {
        if (rtu == null) {
            throw new IllegalStateException(name + " serves a TCP port: line noise needs an RTU line");
        }
        rtu.setLineNoise(noise);
    }

    /** Where masters reach it, for logs: {@code tcp://127.0.0.1:15020} or {@code rtu:/dev/pts/3@19200}. */
    public String describe() {
        if (tcp != null) {
            InetSocketAddress a = tcp.endpoint();
            return "tcp://" + a.getAddress().getHostAddress() + ":" + a.getPort();
        }
        return rtu.describe();
    }

    /** Stops serving: closes the port or line and every connection, and the timer. Idempotent. */
    @Override
    public void close() {
        if (tcp != null) {
            tcp.close();
        }
        if (rtu != null) {
            rtu.close();
        }
        timer.close();
    }

    @Override
    public String toString() {
        return "ModbusEmulator[" + name + ", " + describe() + "]";
    }
}
