package io.podctl.hal.clock.internal;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.NativeLong;
import com.sun.jna.Structure;
import io.podctl.hal.clock.ClockSync;
import io.podctl.hal.clock.ClockSyncProbe;
import java.util.Locale;

/**
 * {@link ClockSyncProbe} over Linux {@code adjtimex(2)} through JNA (glibc's wrapper), with {@code modes = 0}: a
 * read of the kernel's clock discipline state that changes nothing and needs no capability.
 *
 * <p>Threading: one call at a time (the caller's scheduling thread); the native library is loaded on the first
 * read, and a library that cannot load makes every reading {@link ClockSync.State#UNKNOWN}.
 */
public final class AdjtimexProbe implements ClockSyncProbe {
    /** {@code adjtimex} returns this clock state when the clock is not synchronized. */
    static final int TIME_ERROR = 5;
    /** {@code timex.status}: the clock is unsynchronized. */
    static final int STA_UNSYNC = 0x0040;
    private static final String SOURCE = "adjtimex";

    private LibC libc;
    private String unavailable;

    /** glibc's wrapper of the system call. */
    interface LibC extends Library {
        int adjtimex(Timex buf) throws LastErrorException;
    }

    /**
     * {@code struct timex} of {@code <sys/timex.h>}: C {@code long} is {@link NativeLong}, and {@code struct timeval
     * time} is spelled out as its two longs; JNA lays the fields out with the platform's alignment.
     */
    @Structure.FieldOrder({"modes", "offset", "freq", "maxerror", "esterror", "status", "constant", "precision",
            "tolerance", "timeSec", "timeUsec", "tick", "ppsfreq", "jitter", "shift", "stabil", "jitcnt", "calcnt",
            "errcnt", "stbcnt", "tai", "reserved"})
    public static final class Timex extends Structure {
        public int modes;
        public NativeLong offset;
        public NativeLong freq;
        /** Maximum error, µs. */
        public NativeLong maxerror;
        /** Estimated error, µs. */
        public NativeLong esterror;
        public int status;
        public NativeLong constant;
        public NativeLong precision;
        public NativeLong tolerance;
        public NativeLong timeSec;
        public NativeLong timeUsec;
        public NativeLong tick;
        public NativeLong ppsfreq;
        public NativeLong jitter;
        public int shift;
        public NativeLong stabil;
        public NativeLong jitcnt;
        public NativeLong calcnt;
        public NativeLong errcnt;
        public NativeLong stbcnt;
        public int tai;
        /** The eleven padding ints of the kernel's struct. */
        public int[] reserved = new int[11];
    }

    @Override
    public ClockSync read() {
        LibC c = library();
        if (c == null) {
            return ClockSync.unknown(SOURCE, unavailable);
        }
        Timex t = new Timex(); // zeroed: modes 0, read only
        int clockState;
        try {
            clockState = c.adjtimex(t);
        } catch (LastErrorException e) {
            return ClockSync.unknown(SOURCE, "adjtimex failed: errno " + e.getErrorCode());
        }
        return judge(clockState, t.status, t.maxerror.longValue(), t.esterror.longValue());
    }

    /** The reading of one {@code adjtimex} result: its return value, status bits and error figures (µs). */
    static ClockSync judge(int clockState, int status, long maxErrorUs, long estErrorUs) {
        boolean unsync = clockState == TIME_ERROR || (status & STA_UNSYNC) != 0;
        String detail = String.format(Locale.ROOT, "kernel clock %s (adjtimex %s, status 0x%04x%s), max error %.1f ms",
                unsync ? "unsynchronized" : "synchronized", clockState == TIME_ERROR ? "TIME_ERROR" : "state "
                        + clockState, status, (status & STA_UNSYNC) != 0 ? " STA_UNSYNC" : "", maxErrorUs / 1000.0);
        return new ClockSync(unsync ? ClockSync.State.UNSYNCHRONIZED : ClockSync.State.SYNCHRONIZED, SOURCE,
                maxErrorUs / 1000.0, estErrorUs / 1000.0, detail);
    }

    private LibC library() {
        if (libc == null && unavailable == null) {
            if (!System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("linux")) {
                unavailable = "not Linux (" + System.getProperty("os.name") + "): no adjtimex";
            } else {
                try {
                    libc = Native.load("c", LibC.class);
                } catch (LinkageError e) {
                    unavailable = "cannot load the C library through JNA: " + e.getMessage();
                }
            }
        }
        return libc;
    }
}
