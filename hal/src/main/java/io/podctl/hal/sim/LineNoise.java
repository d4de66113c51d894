package io.podctl.hal.sim;

/**
 * Electrical noise on a simulated RS-485 line (a missing terminator, a cable run beside a VFD): bursts of stray
 * bytes on the line ahead of the replies, and a share of the frames garbled in each direction. A garbled request
 * goes unanswered (the slave drops it for its CRC); a garbled reply reaches the master with a wrong CRC.
 *
 * @param garbledShare share of frames garbled in each direction, 0..1
 * @param burstBytes   at most this many stray bytes before each reply, 0..64
 */
public record LineNoise(double garbledShare, int burstBytes) {
    /** A noisy line that a master with retries still reads: one frame in ten garbled, up to 8 stray bytes. */
    public static final LineNoise TYPICAL = new LineNoise(0.1, 8);

    public LineNoise {
        if (!(garbledShare >= 0 && garbledShare <= 1)) {
            throw new IllegalArgumentException("garbledShare must be 0..1: " + garbledShare);
        }
        if (burstBytes < 0 || burstBytes > 64) {
            throw new IllegalArgumentException("burstBytes must be 0..64: " + burstBytes);
        }
    }
}
