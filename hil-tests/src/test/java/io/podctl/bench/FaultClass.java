package io.podctl.bench;

import io.podctl.hal.sim.OfflineMode;
import io.podctl.hal.sim.SimulatedPod;
import io.podctl.sensors.Quality;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The faults the bench injects into the plant, how each one is cleared, and which point carries it to the
 * controller. Each is injected the way the field would produce it: a GPIO loop opening, a register value, a
 * device that stops answering or refuses connections, a pump that stops.
 */
enum FaultClass {
    LEAK("leak (GPIO)", "leak loop under rack 2 opens", "leak.rack2", null,
            (s, i) -> s.isGood(i) && s.goodValue(i) >= 0.5,
            p -> p.setLeak(2, true), p -> p.setLeak(2, false)),
    ESTOP("E-stop (GPIO)", "E-stop loop opens", "estop", null,
            (s, i) -> s.isGood(i) && s.goodValue(i) >= 0.5,
            p -> p.setEstopPressed(true), p -> p.setEstopPressed(false)),
    SUPPLY_TEMPERATURE("supply temperature over trip (Modbus)", "all three CDU supply sensors read 41.0 °C",
            "cdu.supplyTemp", "cdu.supplyTemp.high",
            (s, i) -> s.isGood(i) && s.goodValue(i) >= 40.0,
            p -> p.overrideSupplyTemperature(41.0),
            p -> p.clearOverrides(SimulatedPod.CDU)),
    CDU_SILENT("CDU silent (Modbus, no reply)", "CDU accepts requests but never answers", "cdu.supplyTemp", null,
            (s, i) -> s.quality(i) != Quality.GOOD,
            p -> p.setDeviceOffline(SimulatedPod.CDU, true, OfflineMode.NO_REPLY),
            p -> p.setDeviceOffline(SimulatedPod.CDU, false)),
    CDU_REFUSED("CDU refusing connections (Modbus)", "CDU closes its connections and refuses new ones",
            "cdu.supplyTemp", null,
            (s, i) -> s.quality(i) != Quality.GOOD,
            p -> p.setDeviceOffline(SimulatedPod.CDU, true, OfflineMode.REFUSE_CONNECTIONS),
            p -> p.setDeviceOffline(SimulatedPod.CDU, false)),
    FLOW_LOW("coolant flow low (pump stops)", "the running CDU pump is commanded off in the plant", "cdu.flow",
            "cdu.flow.low",
            (s, i) -> s.isGood(i) && s.goodValue(i) <= 150.0,
            p -> p.stopPump(1), p -> p.startPump(1)),
    LEAK_UNDER_LOAD("leak (GPIO), CPU load on every core", "as leak, with 2 busy threads per core", "leak.rack2", null,
            (s, i) -> s.isGood(i) && s.goodValue(i) >= 0.5,
            p -> p.setLeak(2, true), p -> p.setLeak(2, false));

    private final String title;
    private final String injection;
    private final String pointId;
    private final String delayedProtection;
    private final LoopProbe.FaultTest test;
    private final Consumer<SimulatedPod> inject;
    private final Consumer<SimulatedPod> clear;

    FaultClass(String title, String injection, String pointId, String delayedProtection, LoopProbe.FaultTest test,
               Consumer<SimulatedPod> inject, Consumer<SimulatedPod> clear) {
        this.title = title;
        this.injection = injection;
        this.pointId = pointId;
        this.delayedProtection = delayedProtection;
        this.test = test;
        this.inject = inject;
        this.clear = clear;
    }

    /** Name in tables and plots. */
    String title() {
        return title;
    }

    /** What is done to the plant. */
    String injection() {
        return injection;
    }

    /** The point whose samples carry the fault to the controller. */
    String pointId() {
        return pointId;
    }

    /** The protection whose configured on-delay applies, or null when it acts without delay. */
    String delayedProtection() {
        return delayedProtection;
    }

    /** Whether a snapshot shows the fault on the watched point. */
    LoopProbe.FaultTest test() {
        return test;
    }

    void inject(SimulatedPod plant) {
        inject.accept(plant);
    }

    void clear(SimulatedPod plant) {
        clear.accept(plant);
    }

    /** The trips this fault is expected to latch; any other is a finding. */
    Set<String> expectedTrips() {
        return switch (this) {
            case LEAK, LEAK_UNDER_LOAD -> Set.of("leak.rack2");
            case ESTOP -> Set.of("estop");
            case SUPPLY_TEMPERATURE -> Set.of("cdu.supplyTemp.high");
            case CDU_SILENT, CDU_REFUSED -> Set.of("cdu.supplyTemp.high", "cdu.flow.low");
            case FLOW_LOW -> Set.of("cdu.flow.low");
        };
    }

    /** Whether the input is a GPIO input (bounded by period + debounce) rather than a Modbus point. */
    boolean gpio() {
        return this == LEAK || this == ESTOP || this == LEAK_UNDER_LOAD;
    }
}
