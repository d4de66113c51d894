package io.podctl.controller.testing;

import io.podctl.controller.sim.broker.EmbeddedBroker;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The {@link EmbeddedBroker} of {@code podctl sim}, run by {@link EmbeddedBrokerMain} in a child JVM on the
 * test classpath, so that the same signal-driven contract tests as for Mosquitto apply to it.
 */
public final class EmbeddedBrokerProcess extends ProcessBroker {

    /** Brokers on an ephemeral port. */
    public static final Factory FACTORY = new Factory() {
        @Override
        public TestBroker start(int port) {
            return EmbeddedBrokerProcess.start(port);
        }

        @Override
        public String name() {
            return "embedded";
        }
    };

    private EmbeddedBrokerProcess(int port) {
        super("embedded-broker", port, Duration.ofSeconds(30));
    }

    /** Starts it on {@code port} (0: a free ephemeral port); returns once it accepts connections. */
    public static EmbeddedBrokerProcess start(int port) {
        EmbeddedBrokerProcess broker = new EmbeddedBrokerProcess(port);
        try {
            broker.launch();
        } catch (RuntimeException e) {
            broker.close();
            throw e;
        }
        return broker;
    }

    @Override
    protected List<String> command() {
        return ChildJvm.command(EmbeddedBrokerMain.class, List.of("-Xmx256m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC"),
                List.of(Integer.toString(port()), dir.resolve("broker").toString()));
    }

    /** Where the broker keeps its files. */
    public Path dataDir() {
        return dir.resolve("broker");
    }
}
