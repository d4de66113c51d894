package io.podctl.hal.modbus;

import io.podctl.hal.Clock;
import io.podctl.hal.modbus.internal.RtuRegisterBus;
import io.podctl.hal.modbus.internal.TcpRegisterBus;
import java.util.SplittableRandom;

/**
 * Creates the production {@link RegisterBus} implementations (Modbus TCP and RTU masters over j2mod and
 * jSerialComm). Nothing is connected or opened here: the first call on the bus connects.
 *
 * <p>Every bus made here sends exactly one request per call and waits for its reply at most the settings'
 * transaction deadline (after a connection is established); it never retries on its own. A broken or
 * timed-out connection is dropped and reopened lazily on a later call, with exponential backoff (100 ms
 * doubling to 5 s for RTU; {@link TcpBusSettings#reconnectMin()} to {@link TcpBusSettings#reconnectMax()} for
 * TCP) and ±20 % jitter; calls during the backoff fail at once with
 * {@link BusReply.FailureKind#CONNECT_FAILED}.
 *
 * <p>Thread-safe; stateless.
 */
public final class ModbusBuses {
    private ModbusBuses() {
    }

    /**
     * A Modbus TCP master for one device or gateway.
     *
     * @param clock monotonic time for deadlines, latency and backoff
     */
    public static RegisterBus tcp(TcpBusSettings settings, Clock clock) {
        return new TcpRegisterBus(settings, clock, new SplittableRandom());
    }

    /**
     * A Modbus RTU master for one serial line; units on the line are addressed by each call's unit id.
     *
     * @param clock monotonic time for deadlines, the t3.5 gap, latency and backoff
     */
    public static RegisterBus rtu(RtuBusSettings settings, Clock clock) {
        return new RtuRegisterBus(settings, clock, new SplittableRandom());
    }
}
