package io.podctl.hal.clock.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.podctl.hal.clock.ClockSync;
import io.podctl.hal.clock.ClockSyncProbe;
import org.junit.jupiter.api.Test;

/** The kernel's clock discipline state, judged as timedatectl does, and read once for real on this machine. */
class AdjtimexProbeTest {

    @Test
    void timeErrorOrTheUnsyncStatusBitMeansUnsynchronized() {
        assertEquals(ClockSync.State.SYNCHRONIZED, AdjtimexProbe.judge(0, 0x2001, 12_500, 300).state());
        assertEquals(ClockSync.State.UNSYNCHRONIZED, AdjtimexProbe.judge(AdjtimexProbe.TIME_ERROR, 0, 16_000_000,
                16_000_000).state());
        assertEquals(ClockSync.State.UNSYNCHRONIZED, AdjtimexProbe.judge(0, AdjtimexProbe.STA_UNSYNC, 100, 100).state());
        ClockSync s = AdjtimexProbe.judge(0, 0x2001, 12_500, 300);
        assertEquals(12.5, s.maxErrorMs(), 1e-9);
        assertEquals(0.3, s.estErrorMs(), 1e-9);
        assertTrue(s.detail().contains("max error 12.5 ms"), s.detail());
    }

    /** This machine's kernel, through JNA: a real reading (either state), never "unknown" on Linux. */
    @Test
    void theKernelOfThisMachineAnswers() {
        ClockSync s = ClockSyncProbe.kernel().read();
        assertEquals("adjtimex", s.source(), s.toString());
        assertNotEquals(ClockSync.State.UNKNOWN, s.state(), s.detail());
        assertTrue(s.maxErrorMs() >= 0 && Double.isFinite(s.maxErrorMs()), s.toString());
    }
}
