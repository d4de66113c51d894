package io.podctl.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Which points are checked for frozen values, and after how many samples. */
class FrozenCheckTest {
    private final PodConfig pod = ((LoadResult.Valid) new ConfigLoader().parse("""
            pod: {site: lab, id: p1}
            buses: [{id: b, tcp: {host: 127.0.0.1}}]
            devices:
              - id: d
                bus: b
                pollPeriod: 500ms
                points:
                  - {id: t1, table: input, address: 0, type: int16, scale: 0.1, unit: degC}
                  - {id: t2, table: input, address: 1, type: int16, scale: 0.1, unit: degC}
                  - {id: setpoint, table: holding, address: 0, type: int16, scale: 0.1, unit: degC}
                  - {id: flow, table: input, address: 2, type: uint16, frozenAfter: 42}
                  - {id: level, table: input, address: 3, type: uint16, frozenCheckOff: holds still}
                  - {id: energy, table: input, address: 4, type: uint32, counter: true}
                  - {id: spare, table: input, address: 6, type: uint16}
                  - {id: alarm, table: input, address: 7, type: bool, bit: 0}
            votingGroups:
              - {id: supply, points: [d.t1, d.t2], vote: 1oo2, discrepancyBand: 1}
            protections:
              - {id: supply.high, point: supply, condition: high, trip: 40, deenergize: []}
              - {id: t1.dev, point: d.t1, condition: deviation, setpointPoint: d.setpoint, warning: 2,
                 onBadData: alarm}
              - {id: level.low, point: d.level, condition: low, alarm: 10, onBadData: alarm}
              - {id: energy.high, point: d.energy, condition: high, alarm: 1000000, onBadData: alarm}
              - {id: alarm, point: d.alarm, condition: active, severity: alarm, onBadData: alarm}
            authorization: {view: [ops]}
            """, "t.yaml")).config();

    private int samples(String point) {
        DeviceConfig d = pod.device("d").orElseThrow();
        return FrozenCheck.samples(pod, d, d.points().stream().filter(p -> p.id().equals(point)).findFirst()
                .orElseThrow());
    }

    @Test
    void analogSafetyInputsAreCheckedByDefaultForTwoMinutesOfSamples() {
        assertEquals(240, samples("t1"), "2 min at 500 ms, through the voting group and directly");
        assertEquals(240, samples("t2"), "a voting group's channel");
        assertEquals(0, samples("setpoint"), "a deviation's setpoint is not a measurement");
        assertEquals(42, samples("flow"), "frozenAfter overrides the default, watched or not");
        assertEquals(0, samples("level"), "frozenCheckOff, with its reason");
        assertEquals(0, samples("energy"), "a counter is judged by its direction");
        assertEquals(0, samples("spare"), "no protection watches it");
        assertEquals(0, samples("alarm"), "a bit is not analog");
    }

    @Test
    void theDefaultWindowIsCountedInSamplesOfThePollPeriod() {
        assertEquals(1200, FrozenCheck.defaultSamples(Duration.ofMillis(100)));
        assertEquals(120, FrozenCheck.defaultSamples(Duration.ofSeconds(1)));
        assertEquals(10, FrozenCheck.defaultSamples(Duration.ofSeconds(30)), "at least 10 samples");
        assertEquals(100_000, FrozenCheck.defaultSamples(Duration.ofNanos(1)), "at most the largest frozenAfter");
    }
}
