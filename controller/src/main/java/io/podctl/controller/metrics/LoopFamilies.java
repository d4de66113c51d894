package io.podctl.controller.metrics;

import io.podctl.controller.loop.LoopPhase;

/** The control loop's period, cycle durations, start lateness, overruns and slowest phase. Stateless. */
final class LoopFamilies {
    private LoopFamilies() {
    }

    static void add(Exposition out, ScrapeView v, PodLayout m) {
        LoopTiming t = v.timing();
        LoopTiming.Distribution cycles = t.cycles();
        out.gauge("podctl_loop_period_seconds", "The configured loop period.", m.periodNanos() / 1e9);
        out.histogram("podctl_loop_cycle_duration_seconds", "How long each control cycle took.", cycles);
        out.histogram("podctl_loop_start_lateness_seconds", "How late each cycle on a deadline started (jitter).",
                t.lateness());
        out.counter("podctl_loop_cycles", "Control cycles run since start (extra cycles included).", cycles.count());
        out.counter("podctl_loop_overruns", "Deadlines missed because a cycle ended after the next one.",
                t.overruns());
        out.counter("podctl_loop_extra_cycles", "Extra cycles run between deadlines because a trip input changed.",
                t.extraCycles());
        out.gauge("podctl_loop_cycle_max_seconds", "The longest cycle since start.", t.maxCycleNanos() / 1e9);
        if (v.sinceCycleNanos() >= 0) {
            out.gauge("podctl_loop_last_cycle_age_seconds", "How long ago the last cycle ran; above the stall"
                    + " timeout the loop counts as stalled.", v.sinceCycleNanos() / 1e9);
        }
        if (v.state() != null) {
            LoopPhase slowest = LoopPhase.valueOf(v.state().loop().slowestPhase());
            out.gauge("podctl_loop_slowest_phase", "1 for the phase that took longest in the longest cycle (INPUTS,"
                    + " COMMANDS, SAFETY, OUTPUTS, PUBLISH).", s -> Exposition.stateSet(s, LoopPhase.values(),
                    slowest, "phase"));
        }
    }
}
