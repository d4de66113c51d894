package io.podctl.controller.safety;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The protections by index and id, and which reloads may replace them live. */
class ProtectionsTest {
    private static ProtectionSpec.Builder temp() {
        return ProtectionSpec.builder("temp-high", "temp", 0).levels(30, 35, 40).deenergize(0);
    }

    private static ProtectionSpec leak() {
        return ProtectionSpec.builder("leak", "leak", 1).active(Severity.TRIP).deenergize(0, 1).build();
    }

    @Test
    void protectionsAreFoundByIndexAndByIdAndEachIdAndOutputIsChecked() {
        Protections p = new Protections(List.of(temp().build(), leak()), 2);
        assertEquals(2, p.count());
        assertEquals(1, p.indexOf("leak"));
        assertEquals(-1, p.indexOf("nope"));
        assertEquals("temp-high", p.id(0));
        assertEquals("duplicate protection leak", assertThrows(IllegalArgumentException.class,
                () -> new Protections(List.of(leak(), leak()), 2)).getMessage());
        assertEquals("leak: output index 1 out of range", assertThrows(IllegalArgumentException.class,
                () -> new Protections(List.of(leak()), 1)).getMessage());
    }

    @Test
    void levelsHysteresisAndDelaysMayChangeLiveAndNothingElse() {
        Protections p = new Protections(List.of(temp().build(), leak()), 2);
        ProtectionSpec hotter = temp().levels(32, 37, 42).hysteresis(1).delay(1_000, 2_000).description("new")
                .build();
        assertEquals("", p.levelChangeRefusal(List.of(hotter, leak())));
        assertEquals("protections were added or removed", p.levelChangeRefusal(List.of(hotter)));
        assertEquals("protection temp-high changed beyond its levels, hysteresis and delays",
                p.levelChangeRefusal(List.of(temp().deenergize(0, 1).build(), leak())));
        assertEquals("protection temp-high changed beyond its levels, hysteresis and delays",
                p.levelChangeRefusal(List.of(temp().bypassable(true).build(), leak())));
        p.replace(List.of(hotter, leak()));
        assertEquals(42, p.get(0).trip());
        assertEquals(0, p.indexOf("temp-high"));
    }
}
