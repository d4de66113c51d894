package io.podctl.controller.service;

import io.podctl.controller.state.ControllerHealth;
import io.podctl.controller.state.PodMode;
import io.podctl.controller.state.PodObserver;
import io.podctl.controller.state.PodStateView;
import io.podctl.hal.notify.ServiceNotifier;
import io.podctl.sensors.Snapshot;
import java.util.Objects;

/**
 * What the service manager hears about the pod, besides the watchdog pings (those come from the loop's own feed, see
 * {@link io.podctl.hal.notify.ServiceWatchdog}): {@code READY=1} once {@link ControllerHealth#readiness()} says ready
 * (the loop runs, a state has been handed off and every safety input has been judged), then {@code STATUS=} with the
 * pod's mode and its reason whenever they change, and {@code STOPPING=1} when an orderly stop begins. Before it is
 * ready, the status says what start-up waits for.
 *
 * <p>Threading: {@link #onSnapshot} and {@link #onState} run on the loop thread (a volatile read or two per cycle;
 * a non-blocking datagram only when something changed); {@link #stopping} on the stopping thread.
 */
public final class ServiceNotifications implements PodObserver {
    private final ServiceNotifier notifier;
    private final ControllerHealth health;
    private boolean ready;
    private String lastStatus;

    /**
     * @param notifier where the notifications go ({@link ServiceNotifier#NONE} when not under a service manager)
     * @param health   the judgement of readiness that the metrics endpoint's {@code /readyz} uses too
     */
    public ServiceNotifications(ServiceNotifier notifier, ControllerHealth health) {
        this.notifier = Objects.requireNonNull(notifier, "notifier");
        this.health = Objects.requireNonNull(health, "health");
    }

    @Override
    public void onSnapshot(Snapshot snapshot) {
        if (!ready) {
            judgeReadiness(health.lastState());
        }
    }

    @Override
    public void onState(PodStateView state) {
        if (!ready) {
            judgeReadiness(state);
        } else if (state.mode() != PodMode.SHUTDOWN) {
            status(statusOf(state));
        }
    }

    private void judgeReadiness(PodStateView state) {
        ControllerHealth.Verdict verdict = health.readiness();
        if (verdict.ok()) {
            ready = true;
            lastStatus = statusOf(state); // ready implies a state was handed off
            notifier.ready(lastStatus);
        } else {
            status("starting: " + verdict.reason());
        }
    }

    private void status(String status) {
        if (!status.equals(lastStatus)) {
            lastStatus = status;
            notifier.status(status);
        }
    }

    /** {@code STOPPING=1}, with why. Call before the orderly stop begins. */
    public void stopping(String why) {
        notifier.stopping("stopping: " + why);
    }

    /** Whether {@code READY=1} has been sent. Loop thread. */
    public boolean readySent() {
        return ready;
    }

    private static String statusOf(PodStateView state) {
        return "mode " + state.mode() + ": " + state.modeReason();
    }
}
