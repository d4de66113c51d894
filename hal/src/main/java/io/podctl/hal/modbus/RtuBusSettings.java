package io.podctl.hal.modbus;

import java.time.Duration;
import java.util.Objects;

/**
 * How to reach the units on one RS-485 line (Modbus RTU).
 *
 * @param portName            serial device, e.g. {@code /dev/ttyUSB0} or a PTY link name
 * @param baudRate            bits per second
 * @param parity              parity bit
 * @param dataBits            7 or 8
 * @param stopBits            1 or 2
 * @param transactionDeadline longest time one request may wait for its reply (default 300 ms)
 */
public record RtuBusSettings(String portName, int baudRate, Parity parity, int dataBits, int stopBits,
                             Duration transactionDeadline) {

    /** Serial parity. */
    public enum Parity { NONE, EVEN, ODD }

    public RtuBusSettings {
        Objects.requireNonNull(portName, "portName");
        Objects.requireNonNull(parity, "parity");
        if (baudRate < 300) {
            throw new IllegalArgumentException("baud rate too low: " + baudRate);
        }
        if (dataBits != 7 && dataBits != 8) {
            throw new IllegalArgumentException("data bits must be 7 or 8: " + dataBits);
        }
        if (stopBits != 1 && stopBits != 2) {
            throw new IllegalArgumentException("stop bits must be 1 or 2: " + stopBits);
        }
        TcpBusSettings.requirePositive(transactionDeadline, "transactionDeadline");
    }

    /** A copy on another port, same line settings. */
    public RtuBusSettings withPortName(String port) {
        return new RtuBusSettings(port, baudRate, parity, dataBits, stopBits, transactionDeadline);
    }

    /**
     * The silent interval that separates frames (t3.5): 3.5 character times, fixed at 1.75 ms above
     * 19200 baud as the Modbus serial line specification requires.
     */
    public Duration interFrameGap() {
        if (baudRate > 19200) {
            return Duration.ofNanos(1_750_000);
        }
        int bitsPerChar = 1 + dataBits + (parity == Parity.NONE ? 0 : 1) + stopBits;
        return Duration.ofNanos((long) Math.ceil(3.5 * bitsPerChar * 1e9 / baudRate));
    }
}
