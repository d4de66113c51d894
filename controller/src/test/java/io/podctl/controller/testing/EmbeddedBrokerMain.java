package io.podctl.controller.testing;

import io.podctl.controller.sim.broker.EmbeddedBroker;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Runs {@link EmbeddedBroker} alone in a child JVM, so that tests can stop, kill, pause and resume it with
 * signals exactly like a Mosquitto process. Arguments: port, data directory. Prints {@code READY <port>} on
 * standard output once the broker accepts connections, then runs until killed or until standard input closes.
 */
public final class EmbeddedBrokerMain {

    private EmbeddedBrokerMain() {
    }

    public static void main(String[] args) throws IOException {
        EmbeddedBroker broker = EmbeddedBroker.start(Integer.parseInt(args[0]), Path.of(args[1]));
        Runtime.getRuntime().addShutdownHook(new Thread(broker::close, "broker-shutdown"));
        System.out.println("READY " + broker.port());
        System.out.flush();
        // Parent gone (stdin closed) means nobody will stop us: exit rather than leak a broker.
        while (System.in.read() >= 0) {
            // ignore input
        }
        System.exit(0);
    }
}
