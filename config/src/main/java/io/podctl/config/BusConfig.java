package io.podctl.config;

import java.time.Duration;

/**
 * A Modbus TCP connection or an RTU (RS-485) line; exactly one of {@code tcp} and {@code rtu} is set.
 *
 * @param id       unique bus id, referenced by devices
 * @param tcp      TCP endpoint
 * @param rtu      serial line
 * @param timeout  deadline of one transaction on this bus (default 300 ms)
 */
public record BusConfig(String id, Tcp tcp, Rtu rtu, Duration timeout) {
    public BusConfig {
        timeout = timeout != null ? timeout : Duration.ofMillis(300);
    }

    /** True for a TCP bus. */
    public boolean isTcp() {
        return tcp != null;
    }

    /**
     * A Modbus TCP endpoint.
     *
     * @param host host name or IP address
     * @param port TCP port (default 502)
     */
    public record Tcp(String host, Integer port) {
        public Tcp {
            port = port != null ? port : 502;
        }
    }

    /**
     * A serial line.
     *
     * @param port     serial device, e.g. {@code /dev/ttyUSB0}
     * @param baud     bits per second (default 19200)
     * @param parity   parity (default even, the Modbus default)
     * @param dataBits 7 or 8 (default 8)
     * @param stopBits 1 or 2 (default 1)
     */
    public record Rtu(String port, Integer baud, Parity parity, Integer dataBits, Integer stopBits) {
        public Rtu {
            baud = baud != null ? baud : 19200;
            parity = parity != null ? parity : Parity.EVEN;
            dataBits = dataBits != null ? dataBits : 8;
            stopBits = stopBits != null ? stopBits : 1;
        }
    }
}
