package io.podctl.hal.gpio.remote;

import java.time.Duration;

/**
 * The remote GPIO wire format: ASCII lines over one TCP connection, in both directions.
 *
 * <pre>
 * plant to controller   level PIN 0|1     an input's electrical level (all of them on connect, then on change)
 *                       out PIN 0|1       an output's electrical level at the plant (the read-back)
 *                       ping              every {@link #HEARTBEAT}
 * controller to plant   output PIN 0|1    an output is provisioned; the level is its de-energized one
 *                       out PIN 0|1       the level the controller drives on an output
 *                       ping              every {@link #HEARTBEAT}
 * </pre>
 *
 * Either side that hears nothing for {@link #SILENCE} treats the link as lost: the controller's inputs read as
 * failed, the plant drives every output to its de-energized level (as a remote I/O module does on loss of
 * communication).
 */
final class RemoteGpioProtocol {
    /** How often each side sends at least a ping. */
    static final Duration HEARTBEAT = Duration.ofMillis(100);
    /** Silence after which a side treats the link as lost: five heartbeats. */
    static final Duration SILENCE = Duration.ofMillis(500);

    private RemoteGpioProtocol() {
    }

    /** A parsed line: its verb, and pin and level when it has them (else -1 and false). */
    record Line(String verb, int pin, boolean level) {
        static Line parse(String text) {
            String[] parts = text.trim().split(" ");
            if (parts.length == 3) {
                return new Line(parts[0], Integer.parseInt(parts[1]), parts[2].equals("1"));
            }
            return new Line(parts[0], -1, false);
        }
    }

    static String line(String verb, int pin, boolean level) {
        return verb + " " + pin + " " + (level ? "1" : "0") + "\n";
    }
}
