package io.podctl.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DurationsTest {

    @ParameterizedTest(name = "{0} -> {1} ns")
    @CsvSource(nullValues = "none", textBlock = """
            100ms,   100000000
            2s,      2000000000
            1.5s,    1500000000
            5m,      300000000000
            5min,    300000000000
            1h,      3600000000000
            250us,   250000
            0s,      0
            0.25ms,  250000
            007s,    7000000000
            1.0001us, none
            2,       none
            2 s,     none
            ' 2s',   none
            2S,      none
            -1s,     none
            1.s,     none
            .5s,     none
            1e3ms,   none
            10sec,   none
            '',      none
            1d,      none
            """)
    void parses(String text, Long nanos) {
        assertEquals(Optional.ofNullable(nanos).map(Duration::ofNanos), Durations.parse(text));
    }

    @ParameterizedTest(name = "{0} ns -> {1}")
    @CsvSource(textBlock = """
            0,              0s
            300000000,      300ms
            1500000000,     1500ms
            90000000000,    90s
            300000000000,   5min
            7200000000000,  2h
            250000,         250us
            1500,           1.5us
            """)
    void formatsShortestExactAndRoundTrips(long nanos, String text) {
        assertEquals(text, Durations.format(Duration.ofNanos(nanos)));
        assertEquals(Optional.of(Duration.ofNanos(nanos)), Durations.parse(text));
    }
}
