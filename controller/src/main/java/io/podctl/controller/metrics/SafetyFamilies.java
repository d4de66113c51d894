package io.podctl.controller.metrics;

import static io.podctl.controller.metrics.Exposition.bit;

import io.podctl.controller.safety.AlarmState;
import io.podctl.controller.safety.AlarmView;
import io.podctl.controller.safety.Severity;
import io.podctl.controller.safety.TripView;
import io.podctl.controller.state.OutputView;
import io.podctl.controller.state.PodMode;
import io.podctl.controller.state.PodStateView;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/** The pod's mode, readiness, trips, alarms (ISA-18.2), outputs, effects and permissives. Stateless. */
final class SafetyFamilies {
    private SafetyFamilies() {
    }

    static void add(Exposition out, ScrapeView v, PodLayout m) {
        out.gauge("podctl_info", "The controller's software version (value 1).", s -> s.add(1, "version", m.version()));
        out.gauge("podctl_up", "1 while the control loop runs (the /healthz verdict).", bit(v.live().ok()));
        out.gauge("podctl_ready", "1 while the controller is ready: loop running and every safety input judged (the"
                + " /readyz verdict).", bit(v.ready().ok()));
        PodStateView st = v.state();
        if (st == null) {
            return;
        }
        out.gauge("podctl_mode", "Operating mode: 1 for the current one (STARTING, RUNNING, DEGRADED, TRIPPED,"
                + " MAINTENANCE, SHUTDOWN).", s -> Exposition.stateSet(s, PodMode.values(), st.mode(), "mode"));
        out.gauge("podctl_safety_inputs_good", "1 when every safety input is GOOD.", bit(st.safetyInputsGood()));

        Set<String> latched = new HashSet<>();
        for (TripView t : st.trips()) {
            latched.add(t.id());
        }
        out.gauge("podctl_trips_latched", "Latched trips.", st.trips().size());
        out.gauge("podctl_trip_latched", "1 while the trip is latched (outputs it de-energizes stay off until an"
                + " authorized reset).", s -> {
                    for (String id : m.trips()) {
                        s.add(bit(latched.contains(id)), "trip", id);
                    }
                    for (TripView t : st.trips()) {
                        if (!m.trips().contains(t.id())) {
                            s.add(1, "trip", t.id());
                        }
                    }
                });

        out.gauge("podctl_alarms", "Alarms by ISA-18.2 state and severity (NORMAL ones have severity none).", s -> {
            for (AlarmState state : AlarmState.values()) {
                for (Severity severity : Severity.values()) {
                    long n = v.alarms().stream().filter(a -> a.state() == state && a.severity() == severity).count();
                    s.add(n, "state", state.name(), "severity", severity.name().toLowerCase(Locale.ROOT));
                }
            }
        });
        out.gauge("podctl_alarm_state", "1 for each alarm's current ISA-18.2 state (NORMAL, ACTIVE_UNACKED,"
                + " ACTIVE_ACKED, RETURNED_UNACKED).", s -> {
                    for (AlarmView a : v.alarms()) {
                        Exposition.stateSet(s, AlarmState.values(), a.state(), "state", "alarm", a.id());
                    }
                });
        out.gauge("podctl_alarms_shelved", "Alarms shelved now (they still act, they are not annunciated).",
                v.alarms().stream().filter(AlarmView::isShelved).count());
        out.gauge("podctl_alarms_out_of_service", "Alarms taken out of service now.",
                v.alarms().stream().filter(AlarmView::isOutOfService).count());
        out.gauge("podctl_bypasses_active", "Trips bypassed now.", st.bypasses().size());
        out.gauge("podctl_overrides_active", "Outputs forced now (maintenance).", st.overrides().size());

        out.gauge("podctl_output_energized", "1 while the loop commands the output energized.", s -> {
            for (OutputView o : st.outputs()) {
                s.add(bit(o.energized()), "output", o.id());
            }
        });
        out.gauge("podctl_output_read_back", "1 while the output pin reads back energized.", s -> {
            for (OutputView o : st.outputs()) {
                s.add(bit(o.readBack()), "output", o.id());
            }
        });
        out.gauge("podctl_effect_active", "1 while the declared effect acts.", s -> {
            for (String e : m.effects()) {
                s.add(bit(st.effects().contains(e)), "effect", e);
            }
        });
        out.gauge("podctl_permissive_proven", "1 while the start condition is proven.", s -> {
            for (String p : m.permissives()) {
                s.add(bit(st.permissives().contains(p)), "permissive", p);
            }
        });
    }
}
