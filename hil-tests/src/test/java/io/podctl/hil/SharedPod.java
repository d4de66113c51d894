package io.podctl.hil;

import io.podctl.controller.testing.MosquittoBroker;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One commissioned simulated pod and its Mosquitto broker for every test of a class: started before the first
 * test, closed after the last. Register it on a static field:
 *
 * <pre>{@code
 * @RegisterExtension
 * static final SharedPod shared = new SharedPod(SimPod::start);
 * private final SimPod pod = shared.pod();
 * }</pre>
 *
 * <p>The tests of the class share the pod's state: each restores what it needs (e.g. {@link SimPod#restoreNormal()}
 * in a {@code @BeforeEach}). JUnit calls the callbacks on the test thread.
 */
final class SharedPod implements BeforeAllCallback, AfterAllCallback {

    /** Starts the pod against the broker at {@code brokerUri}. */
    @FunctionalInterface
    interface Starter {
        SimPod start(String brokerUri) throws Exception;
    }

    private final Starter starter;
    private MosquittoBroker broker;
    private SimPod pod;

    SharedPod(Starter starter) {
        this.starter = starter;
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        broker = MosquittoBroker.start();
        pod = starter.start(broker.uri());
        pod.commission();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (pod != null) {
            pod.close();
            pod = null;
        }
        if (broker != null) {
            broker.close();
            broker = null;
        }
    }

    /** The running pod; only between the first test's start and the last test's end. */
    SimPod pod() {
        if (pod == null) {
            throw new IllegalStateException("the shared pod runs only while the class's tests run");
        }
        return pod;
    }
}
