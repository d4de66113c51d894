package io.podctl.controller.loop;

import io.podctl.controller.safety.EffectSpec;
import io.podctl.controller.safety.EngineSpec;
import io.podctl.controller.safety.LoadShedder;
import io.podctl.controller.safety.SafetyEngine;
import io.podctl.controller.state.PowerLimit;
import io.podctl.sensors.Snapshot;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What limits the power the pod can carry now, and why: the site budget, what the coolant removes at the flow
 * measured in this cycle (the same formula the load shedder uses), and every acting derate effect. The lowest known
 * limit is what the workload scheduler may place on the pod; a limit whose data is not GOOD is listed as unknown,
 * never left out, so that a scheduler sees that the figure it gets is incomplete.
 *
 * <p>Threading: loop thread, when the state is built (it allocates).
 */
final class PowerLimits {
    private PowerLimits() {
    }

    /** The limits acting now, in the order budget, cooling, effects. */
    static List<PowerLimit> of(SafetyEngine engine, Snapshot snapshot) {
        List<PowerLimit> out = new ArrayList<>();
        EngineSpec spec = engine.spec();
        EngineSpec.LoadShedSpec shedding = spec.loadShedding();
        if (shedding != null) {
            LoadShedder.Spec s = shedding.shedder();
            out.add(new PowerLimit(PowerLimit.SITE_BUDGET, PowerLimit.Kind.BUDGET, "the site feed's budget",
                    s.budgetW()));
            if (s.coolingLimited() && shedding.flowIndex() >= 0) {
                int flow = shedding.flowIndex();
                String point = snapshot.descriptor(flow).id();
                if (snapshot.isGood(flow)) {
                    double lpm = snapshot.goodValue(flow);
                    out.add(new PowerLimit(PowerLimit.COOLING, PowerLimit.Kind.COOLING, String.format(Locale.ROOT,
                            "the heat the coolant removes at %s %.1f L/min and a %.1f K rise", point, lpm,
                            s.coolingMaxDeltaT()), LoadShedder.coolingCapacityW(lpm, s.coolingMaxDeltaT())));
                } else {
                    out.add(new PowerLimit(PowerLimit.COOLING, PowerLimit.Kind.COOLING, "unknown: " + point + " is "
                            + snapshot.quality(flow), Double.NaN));
                }
            }
        }
        List<String> acting = engine.activeEffects();
        for (EffectSpec e : spec.effects()) {
            if (e.kind() == EffectSpec.Kind.DERATE && acting.contains(e.id())) {
                out.add(new PowerLimit(e.id(), PowerLimit.Kind.EFFECT, e.description(), e.derateW()));
            }
        }
        return out;
    }

    /** The lowest known limit, W; +infinity when nothing limits the pod. */
    static double availableW(List<PowerLimit> limits) {
        double w = Double.POSITIVE_INFINITY;
        for (PowerLimit l : limits) {
            if (l.known()) {
                w = Math.min(w, l.limitW());
            }
        }
        return w;
    }
}
