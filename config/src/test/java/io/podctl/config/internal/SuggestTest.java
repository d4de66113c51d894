package io.podctl.config.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SuggestTest {
    private static final List<String> KEYS = List.of("pollPeriod", "pollOffset", "timeout", "unitId", "bus", "id");

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(nullValues = "none", textBlock = """
            pollPeriodd, pollPeriod
            pollperiod,  pollPeriod
            polPeriod,   pollPeriod
            timout,      timeout
            tiemout,     timeout
            unitid,      unitId
            bsu,         bus
            ib,          id
            colour,      none
            period,      none
            """)
    void suggestsOnlyCloseCandidates(String typed, String expected) {
        assertEquals(Optional.ofNullable(expected), Suggest.closest(typed, KEYS));
    }
}
