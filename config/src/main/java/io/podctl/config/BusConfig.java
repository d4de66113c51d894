package io.podctl.config;

import io.podctl.config.schema.Doc;
import io.podctl.config.schema.Identifier;
import io.podctl.config.schema.IdKind;
import io.podctl.config.schema.DurationRange;
import io.podctl.config.schema.OneOf;
import io.podctl.config.schema.Pattern;
import io.podctl.config.schema.Range;
import io.podctl.config.schema.Required;
import java.time.Duration;

/**
 * A Modbus TCP connection or an RTU (RS-485) line; exactly one of {@code tcp} and {@code rtu} is set.
 *
 * @param id       unique bus id, referenced by devices
 * @param tcp      TCP endpoint
 * @param rtu      serial line
 * @param timeout  deadline of one transaction on this bus (default 300 ms)
 */
@Doc("A Modbus TCP connection or an RTU (RS-485) line: set exactly one of tcp and rtu.")
public record BusConfig(
        @Doc("Unique bus id, referenced by devices.") @Required
        @Identifier(IdKind.SIMPLE) String id,
        @Doc("Modbus TCP endpoint.") Tcp tcp,
        @Doc("Serial (RS-485) line.") Rtu rtu,
        @Doc("Deadline of one transaction (default 300ms); shorter than every device's pollPeriod.")
        @DurationRange(positive = true) Duration timeout) {
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
    @Doc("A Modbus TCP endpoint.")
    public record Tcp(
            @Doc("Host name or IP address.") @Required
            @Pattern(value = "\\S+", hint = "a host name or address", maxLength = 253) String host,
            @Doc("TCP port, 1..65535 (default 502).") @Range(min = 1, max = 65535) Integer port) {
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
    @Doc("A serial line.")
    public record Rtu(
            @Doc("Serial device, e.g. /dev/ttyUSB0.") @Required
            @Pattern(value = "\\S+", hint = "a device path", maxLength = 255) String port,
            @Doc("Bits per second (default 19200).")
            @OneOf({"1200", "2400", "4800", "9600", "19200", "38400", "57600", "115200"}) Integer baud,
            @Doc("Parity (default even, the Modbus default).") Parity parity,
            @Doc("Data bits, 7 or 8 (default 8).") @OneOf({"7", "8"}) Integer dataBits,
            @Doc("Stop bits, 1 or 2 (default 1).") @OneOf({"1", "2"}) Integer stopBits) {
        public Rtu {
            baud = baud != null ? baud : 19200;
            parity = parity != null ? parity : Parity.EVEN;
            dataBits = dataBits != null ? dataBits : 8;
            stopBits = stopBits != null ? stopBits : 1;
        }
    }
}
