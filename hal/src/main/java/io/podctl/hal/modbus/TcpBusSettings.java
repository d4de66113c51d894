package io.podctl.hal.modbus;

import java.time.Duration;
import java.util.Objects;

/**
 * How to reach a Modbus TCP device or gateway.
 *
 * @param host                host name or IP address
 * @param port                TCP port, 1..65535
 * @param transactionDeadline longest time one request may wait for its reply (default 300 ms)
 * @param connectTimeout      longest time one connection attempt may take
 * @param reconnectMin        first reconnect backoff (default 100 ms); doubles per failure with ±20 % jitter
 * @param reconnectMax        backoff cap (default 5 s)
 */
public record TcpBusSettings(String host, int port, Duration transactionDeadline, Duration connectTimeout,
                             Duration reconnectMin, Duration reconnectMax) {

    public TcpBusSettings {
        Objects.requireNonNull(host, "host");
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
        requirePositive(transactionDeadline, "transactionDeadline");
        requirePositive(connectTimeout, "connectTimeout");
        requirePositive(reconnectMin, "reconnectMin");
        requirePositive(reconnectMax, "reconnectMax");
        if (reconnectMax.compareTo(reconnectMin) < 0) {
            throw new IllegalArgumentException("reconnectMax < reconnectMin");
        }
    }

    /** Defaults from the reliability bounds: 300 ms deadline, 1 s connect, backoff 100 ms to 5 s. */
    public static TcpBusSettings of(String host, int port) {
        return new TcpBusSettings(host, port, Duration.ofMillis(300), Duration.ofSeconds(1),
                Duration.ofMillis(100), Duration.ofSeconds(5));
    }

    /** A copy with another transaction deadline. */
    public TcpBusSettings withTransactionDeadline(Duration deadline) {
        return new TcpBusSettings(host, port, deadline, connectTimeout, reconnectMin, reconnectMax);
    }

    static void requirePositive(Duration d, String name) {
        Objects.requireNonNull(d, name);
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " must be positive: " + d);
        }
    }
}
