package io.podctl.controller.bootstrap;

import io.podctl.config.LoopConfig;
import io.podctl.hal.notify.ServiceNotifier;
import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;

/**
 * The service manager's watchdog timeout ({@code WatchdogSec=}) that fits a loop, and the warning when the unit's does
 * not: the unit's value is fixed when it is installed, the pod file's stall timeout may change later.
 *
 * <p>Threading: stateless; start-up only.
 */
public final class ServiceWatchdogFit {
    private ServiceWatchdogFit() {
    }

    /**
     * The loop's stall bound: the output supervisor forces the outputs safe, and {@code /healthz} fails, after this
     * long without a cycle (the stall timeout, at least three periods).
     */
    public static Duration stallBound(LoopConfig loop) {
        Duration threePeriods = loop.period().multipliedBy(3);
        return threePeriods.compareTo(loop.stallTimeout()) > 0 ? threePeriods : loop.stallTimeout();
    }

    /**
     * The {@code WatchdogSec=} that fits {@code loop}: twice its stall bound. The pings go out every half of it, so
     * systemd restarts the controller after a stall of between one and two stall bounds: never before the output
     * supervisor has already forced the outputs safe, and soon after.
     */
    public static Duration recommended(LoopConfig loop) {
        return stallBound(loop).multipliedBy(2);
    }

    /** Logs how the service manager watches this process, and warns when its watchdog timeout does not fit. */
    public static void warnOnMismatch(ServiceNotifier notifier, LoopConfig loop, Logger log) {
        log.info("service manager: {}", notifier.describe());
        Optional<Duration> timeout = notifier.watchdogTimeout();
        Duration fit = recommended(loop);
        if (timeout.isPresent() && timeout.get().compareTo(fit) < 0) {
            log.warn("the service manager's watchdog ({} ms, WatchdogSec=) is shorter than twice the loop's stall bound"
                    + " ({} ms): systemd may restart podctl before its output supervisor has forced the outputs safe;"
                    + " set WatchdogSec={}ms (systemctl edit podctl)", timeout.get().toMillis(),
                    stallBound(loop).toMillis(), fit.toMillis());
        }
    }
}
