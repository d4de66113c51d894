package io.podctl.controller.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.podctl.controller.journal.JournalStatus;
import io.podctl.controller.safety.AlarmState;
import io.podctl.controller.safety.AlarmView;
import io.podctl.controller.safety.Severity;
import io.podctl.controller.state.PodMode;
import io.podctl.sensors.Quality;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What a scrape exports from the views the loop hands off: values only while GOOD, in base units. */
class PodMetricsTest {
    private static final String POD = "pod=\"pod1\",site=\"lab\"";
    private final MetricsFixture f = new MetricsFixture();

    @AfterEach
    void close() {
        f.close();
    }

    @Test
    void goodPointsAreExportedInBaseUnitsWithTheirDeviceAndQuality() {
        f.good("cdu.flow", 330).good("cdu.supplyTemp", 31.5).good("cdu.reservoirLevel", 80).good("leak.rack1", 0);
        f.cycle();

        List<String> flow = f.lines("podctl_point_cubic_meters_per_second{");
        assertEquals(1, flow.size());
        assertTrue(flow.get(0).startsWith("podctl_point_cubic_meters_per_second{device=\"cdu\",pod=\"pod1\","
                + "point=\"cdu.flow\",site=\"lab\"} "), flow.get(0));
        assertEquals(330 / 60_000.0, Double.parseDouble(flow.get(0).substring(flow.get(0).lastIndexOf(' '))), 1e-12);
        assertEquals(List.of("podctl_point_celsius{device=\"cdu\",pod=\"pod1\",point=\"cdu.supplyTemp\","
                + "site=\"lab\"} 31.5"), f.lines("podctl_point_celsius{device=\"cdu\",pod=\"pod1\","
                + "point=\"cdu.supplyTemp\""));
        assertTrue(f.lines("podctl_point_ratio{device=\"cdu\",pod=\"pod1\",point=\"cdu.reservoirLevel\"")
                .get(0).endsWith(" 0.8"));
        assertEquals(List.of("podctl_point_active{pod=\"pod1\",point=\"leak.rack1\",site=\"lab\"} 0.0"),
                f.lines("podctl_point_active{pod=\"pod1\",point=\"leak.rack1\""));
        assertEquals(List.of("podctl_point_quality{device=\"cdu\",pod=\"pod1\",point=\"cdu.flow\",quality=\"GOOD\","
                + "site=\"lab\"} 1.0"), f.lines("podctl_point_quality{device=\"cdu\",pod=\"pod1\",point=\"cdu.flow\","
                + "quality=\"GOOD\""));
    }

    @Test
    void aPointThatIsNotGoodHasNoValueOnlyItsQuality() {
        f.good("cdu.flow", 330).cycle();
        f.sample("cdu.flow", 330, Quality.COMM_FAIL).cycle();

        assertEquals(List.of(), f.lines("podctl_point_cubic_meters_per_second"));
        assertEquals(List.of("podctl_point_quality{device=\"cdu\",pod=\"pod1\",point=\"cdu.flow\","
                + "quality=\"COMM_FAIL\",site=\"lab\"} 1.0"), f.lines("podctl_point_quality{device=\"cdu\",pod=\"pod1\","
                + "point=\"cdu.flow\",quality=\"COMM_FAIL\""));
    }

    @Test
    void whenTheLoopStallsTheLastSnapshotIsNotPassedOffAsFresh() {
        f.good("cdu.flow", 330).cycle();
        f.clock.advance(Duration.ofSeconds(2));

        assertEquals(List.of(), f.lines("podctl_point_cubic_meters_per_second"));
        assertEquals(1, f.lines("podctl_point_quality{device=\"cdu\",pod=\"pod1\",point=\"cdu.flow\","
                + "quality=\"STALE\",site=\"lab\"} 1.0").size());
        assertEquals(List.of("podctl_up{" + POD + "} 0.0"), f.lines("podctl_up{"));
        assertEquals(List.of("podctl_loop_last_cycle_age_seconds{" + POD + "} 2.0"),
                f.lines("podctl_loop_last_cycle_age_seconds{"));
    }

    @Test
    void theDerateAndItsReasonsAreExported() {
        f.good("meter.totalPower", 150_000).good("pdu2.inletPower", 40_000).good("cdu.flow", 300).cycle();
        f.state(PodMode.DEGRADED, 200_000, List.of("derate.cooling", "beacon"), List.of("rack4.power"), List.of());

        assertEquals(List.of("podctl_power_available_watts{" + POD + "} 200000.0"),
                f.lines("podctl_power_available_watts{"));
        assertEquals(List.of("podctl_derate_effect_active{effect=\"derate.cooling\"," + POD + "} 1.0"),
                f.lines("podctl_derate_effect_active{"));
        assertEquals(List.of("podctl_pod_power_watts{" + POD + "} 150000.0"), f.lines("podctl_pod_power_watts{"));
        assertEquals(List.of("podctl_rack_power_watts{pod=\"pod1\",rack=\"rack2.power\",site=\"lab\"} 40000.0"),
                f.lines("podctl_rack_power_watts{"));
        assertEquals(List.of("podctl_rack_shed{pod=\"pod1\",rack=\"rack4.power\",site=\"lab\"} 1.0"),
                f.lines("podctl_rack_shed{pod=\"pod1\",rack=\"rack4.power\""));
        assertEquals(List.of("podctl_power_site_budget_watts{" + POD + "} 360000.0"),
                f.lines("podctl_power_site_budget_watts{"));
        // 300 L/min x 4.186 kJ/kg.K x 20 K
        assertEquals(List.of("podctl_power_cooling_capacity_watts{" + POD + "} 418600.0"),
                f.lines("podctl_power_cooling_capacity_watts{"));
    }

    @Test
    void nothingLimitingThePodIsPlusInfinity() {
        f.cycle();
        f.state(PodMode.RUNNING, Double.POSITIVE_INFINITY, List.of(), List.of(), List.of());

        assertEquals(List.of("podctl_power_available_watts{" + POD + "} +Inf"), f.lines("podctl_power_available_watts{"));
    }

    @Test
    void alarmsAreCountedByStateAndSeverityAndEachHasItsIsaState() {
        AlarmView leak = new AlarmView("leak.rack2", "leak", "leak.rack2", AlarmState.ACTIVE_UNACKED, Severity.TRIP,
                "leak.rack2 active", 1);
        AlarmView shelved = new AlarmView("cdu.reservoir.low", "level", "cdu.reservoirLevel", AlarmState.ACTIVE_ACKED,
                Severity.WARNING, "low", 1, AlarmView.SHELVED + "2030-01-01T00:00:00Z (operator: refill)");
        f.cycle();
        f.state(PodMode.TRIPPED, Double.POSITIVE_INFINITY, List.of(), List.of(), List.of(leak, shelved));

        assertEquals(List.of("podctl_alarms{pod=\"pod1\",severity=\"trip\",site=\"lab\",state=\"ACTIVE_UNACKED\"} 1.0"),
                f.lines("podctl_alarms{pod=\"pod1\",severity=\"trip\",site=\"lab\",state=\"ACTIVE_UNACKED\"}"));
        assertEquals(List.of("podctl_alarm_state{alarm=\"leak.rack2\"," + POD + ",state=\"ACTIVE_UNACKED\"} 1.0"),
                f.lines("podctl_alarm_state{alarm=\"leak.rack2\"," + POD + ",state=\"ACTIVE_UNACKED\"}"));
        assertEquals(List.of("podctl_alarms_shelved{" + POD + "} 1.0"), f.lines("podctl_alarms_shelved{"));
        assertEquals(List.of("podctl_mode{mode=\"TRIPPED\"," + POD + "} 1.0"), f.lines("podctl_mode{mode=\"TRIPPED\""));
    }

    @Test
    void loopTimingIsCountedIntoHistogramsInSeconds() {
        LoopTiming t = (LoopTiming) f.metrics.timing();
        t.cycle(300_000); // 0.3 ms
        t.cycle(30_000_000); // 30 ms
        t.lateness(0);
        t.overrun(2);
        t.extraCycle();
        f.cycle();

        assertEquals(List.of("podctl_loop_cycle_duration_seconds_bucket{" + POD + ",le=\"5.0E-4\"} 1"),
                f.lines("podctl_loop_cycle_duration_seconds_bucket{" + POD + ",le=\"5.0E-4\"}"));
        assertEquals(List.of("podctl_loop_cycle_duration_seconds_bucket{" + POD + ",le=\"0.05\"} 2"),
                f.lines("podctl_loop_cycle_duration_seconds_bucket{" + POD + ",le=\"0.05\"}"));
        assertEquals(List.of("podctl_loop_cycle_duration_seconds_count{" + POD + "} 2"),
                f.lines("podctl_loop_cycle_duration_seconds_count{"));
        assertEquals(List.of("podctl_loop_overruns_total{" + POD + "} 2.0"), f.lines("podctl_loop_overruns_total{"));
        assertEquals(List.of("podctl_loop_extra_cycles_total{" + POD + "} 1.0"),
                f.lines("podctl_loop_extra_cycles_total{"));
        assertEquals(List.of("podctl_loop_start_lateness_seconds_count{" + POD + "} 1"),
                f.lines("podctl_loop_start_lateness_seconds_count{"));
    }

    @Test
    void theJournalsOldestUnacknowledgedEventHasAnAge() {
        f.journal = new JournalStatus(12, 10, 2, 2, 1, 100, false, 0, 0, 0, 12, 0, 5,
                300, 900, 0, f.clock.wallMillis() - 4_000);
        f.cycle();

        assertEquals(List.of("podctl_journal_oldest_unacknowledged_age_seconds{" + POD + "} 4.0"),
                f.lines("podctl_journal_oldest_unacknowledged_age_seconds{"));
        assertEquals(List.of("podctl_journal_pending{" + POD + "} 2.0"), f.lines("podctl_journal_pending{"));
    }
}
