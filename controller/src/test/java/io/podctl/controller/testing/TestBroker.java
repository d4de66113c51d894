package io.podctl.controller.testing;

/**
 * An MQTT broker that a test runs in its own process and can break on purpose: stop it, crash it, freeze it.
 * Listens on 127.0.0.1 only, on a port of its own (never the system broker's 1883).
 *
 * <p>Implementations: {@link MosquittoBroker} (the reference) and {@link EmbeddedBrokerProcess} (the broker
 * of {@code podctl sim} in a child JVM). Not thread-safe: one test thread drives it.
 */
public interface TestBroker extends AutoCloseable {

    /** {@code tcp://127.0.0.1:port}. */
    String uri();

    /** The TCP port; the same across {@link #restart()}. */
    int port();

    /** SIGTERM (then SIGCONT, in case it is paused: it handles the SIGTERM first), then waits for it to end. */
    void stop();

    /** SIGKILL (a crash), then waits for the process to end. */
    void kill();

    /** SIGSTOP: the process freezes; the kernel still accepts TCP connections on its port. */
    void pause();

    /** SIGCONT after {@link #pause()}. */
    void resume();

    /** Starts it again (after {@link #stop()} or {@link #kill()}) on the same port with the same configuration. */
    void restart();

    /** Whatever an earlier test did to it: resumes it if paused, starts it again if it is not running. */
    void ensureRunning();

    /** The last lines of its log, for failure messages. */
    String logTail();

    /** Whether the broker's whole log so far contains {@code text} (a busy broker's line leaves the tail fast). */
    boolean logContains(String text);

    /** Ends the process whatever its state and deletes its files. */
    @Override
    void close();

    /** Starts brokers of one kind. */
    interface Factory {
        /** Starts a broker on {@code port}, or on a free ephemeral port if 0; returns once it accepts connections. */
        TestBroker start(int port);

        /** Name for test reports. */
        String name();
    }
}
