package io.podctl.controller.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class WaitBarTest {
    private static final long S = 1_000_000_000L;

    @Test
    void rendersTheShareWaitedAndTheLongestWait() {
        assertEquals("  [3/10] wait for RUNNING [#####...............]  10.0 / 40.0 s",
                WaitBar.render("[3/10] wait for RUNNING", 10 * S, 40 * S));
        assertEquals("  x [####################]  50.0 / 40.0 s", WaitBar.render("x", 50 * S, 40 * S), "full, not over");
    }

    @Test
    void drawsOnlyAfterASecondAtMostEveryQuarterSecondAndErasesItself() {
        StringWriter text = new StringWriter();
        WaitBar bar = new WaitBar(new PrintWriter(text), true);
        bar.update("w", S / 2, 10 * S, S / 2);
        assertEquals("", text.toString(), "a short wait draws nothing");
        bar.update("w", S, 10 * S, S);
        bar.update("w", S + S / 10, 10 * S, S + S / 10);
        assertEquals(1, text.toString().chars().filter(c -> c == '\r').count(), "not redrawn within 250 ms");
        bar.update("w", 2 * S, 10 * S, 2 * S);
        bar.clear();
        String out = text.toString();
        assertEquals('\r', out.charAt(out.length() - 1), "erased, the cursor back at the line's start");
    }

    @Test
    void disabledItPrintsNothing() {
        StringWriter text = new StringWriter();
        WaitBar bar = new WaitBar(new PrintWriter(text), false);
        bar.update("w", 5 * S, 10 * S, 5 * S);
        bar.clear();
        assertEquals("", text.toString());
    }
}
