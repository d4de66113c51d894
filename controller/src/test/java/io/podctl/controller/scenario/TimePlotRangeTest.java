package io.podctl.controller.scenario;

import io.podctl.controller.scenario.ScenarioResult.Sample;
import io.podctl.controller.scenario.TimePlot.ValueRange;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TimePlotRangeTest {

    private static List<Sample> values(double... v) {
        return IntStream.range(0, v.length).mapToObj(i -> new Sample(i, v[i])).toList();
    }

    /**
     * The leak-rack2 report: meter.totalPower from 4.8 kW (auxiliaries and pumps, contactors open) to 325 kW. The
     * margin once put the axis at −20792 W, which read as a negative pod power the controller never published.
     */
    @Test
    void aNeverNegativeSeriesIsNeverDrawnOnAnAxisBelowZero() {
        ValueRange r = ValueRange.of(values(4816, 4816, 104_816, 324_917.6, 4816));
        assertEquals(0.0, r.lo());
        assertTrue(r.hi() > 324_917.6, "headroom above the highest value");
    }

    @Test
    void marginsStayWhereTheSeriesCrossesOrStaysClearOfZero() {
        ValueRange crossing = ValueRange.of(values(-10, 90));
        assertEquals(-18.0, crossing.lo(), 1e-9);
        assertEquals(98.0, crossing.hi(), 1e-9);
        ValueRange positive = ValueRange.of(values(100, 200));
        assertEquals(92.0, positive.lo(), 1e-9);
        ValueRange negative = ValueRange.of(values(-200, -100));
        assertEquals(-92.0, negative.hi(), 1e-9);
        ValueRange nonPositive = ValueRange.of(values(-200, 0));
        assertEquals(0.0, nonPositive.hi());
    }

    @Test
    void constantsAndEmptySeriesStillHaveASpan() {
        ValueRange zero = ValueRange.of(values(0, 0, Double.NaN));
        assertEquals(0.0, zero.lo());
        assertTrue(zero.hi() > zero.lo());
        ValueRange none = ValueRange.of(values(Double.NaN));
        assertEquals(new ValueRange(0, 1), none);
        ValueRange five = ValueRange.of(values(5, 5));
        assertTrue(five.lo() < 5 && five.hi() > 5);
    }
}
