package io.podctl.hal.sim.internal;

import com.ghgande.j2mod.modbus.util.ModbusUtil;
import io.podctl.hal.sim.Fault;
import io.podctl.hal.sim.internal.Outbox.Chunk;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * Turns a complete reply frame into what is actually sent, according to the device's delivery fault. Pure
 * apart from the random garbage. Frames: Modbus TCP = 7-byte MBAP header + PDU; RTU = unit + PDU + CRC.
 */
final class Delivery {
    private static final int MBAP = 7;

    private Delivery() {
    }

    /** What to send over TCP for {@code frame} under {@code fault} (null: the frame, at once). */
    static List<Chunk> tcp(byte[] frame, Fault fault, RandomGenerator random) {
        if (fault == null) {
            return List.of(Chunk.now(frame));
        }
        return switch (fault) {
            case Fault.Garbage g -> {
                byte[] junk = garbage(random, -1);
                // Protocol id (bytes 2..3) not 0: a master cannot take it for an MBAP header.
                junk[2] = (byte) 0xA5;
                yield g.thenAnswer() ? List.of(Chunk.now(junk), Chunk.now(frame)) : List.of(Chunk.now(junk));
            }
            case Fault.CloseMidReply c -> List.of(new Chunk(0, Arrays.copyOf(frame, frame.length / 2), true));
            case Fault.DribbleThenStall d -> dribble(frame, d.perByte().toNanos());
            case Fault.WrongTransactionId w -> {
                byte[] decoy = invertData(frame, MBAP);
                int tid = ((frame[0] & 0xFF) << 8 | frame[1] & 0xFF) - 1 & 0xFFFF;
                decoy[0] = (byte) (tid >> 8);
                decoy[1] = (byte) tid;
                yield w.thenAnswer() ? List.of(Chunk.now(decoy), Chunk.now(frame)) : List.of(Chunk.now(decoy));
            }
            case Fault.WrongUnitId w -> {
                byte[] decoy = invertData(frame, MBAP);
                decoy[6] = (byte) otherUnit(frame[6] & 0xFF);
                yield w.thenAnswer() ? List.of(Chunk.now(decoy), Chunk.now(frame)) : List.of(Chunk.now(decoy));
            }
            case Fault.LateReply l -> List.of(new Chunk(l.delay().toNanos(), frame, false));
            default -> List.of(Chunk.now(frame));
        };
    }

    /** What to send over RTU for {@code frame} under {@code fault} (null: the frame, at once). */
    static List<Chunk> rtu(byte[] frame, Fault fault, RandomGenerator random) {
        if (fault == null) {
            return List.of(Chunk.now(frame));
        }
        int unit = frame[0] & 0xFF;
        return switch (fault) {
            case Fault.Garbage g -> {
                byte[] junk = garbage(random, unit);
                yield g.thenAnswer() ? List.of(Chunk.now(junk), Chunk.now(frame)) : List.of(Chunk.now(junk));
            }
            // No connection to close on a serial line: the rest of the frame simply never comes.
            case Fault.CloseMidReply c -> List.of(Chunk.now(Arrays.copyOf(frame, frame.length / 2)));
            case Fault.DribbleThenStall d -> dribble(frame, d.perByte().toNanos());
            case Fault.WrongUnitId w -> {
                byte[] decoy = invertData(frame, 1);
                decoy[0] = (byte) otherUnit(unit);
                withCrc(decoy);
                yield w.thenAnswer() ? List.of(Chunk.now(decoy), Chunk.now(frame)) : List.of(Chunk.now(decoy));
            }
            case Fault.LateReply l -> List.of(new Chunk(l.delay().toNanos(), frame, false));
            case Fault.BadCrc b -> {
                byte[] bad = frame.clone();
                bad[bad.length - 1] ^= (byte) 0xFF;
                yield List.of(Chunk.now(bad));
            }
            default -> List.of(Chunk.now(frame));
        };
    }

    /** Sets the last two bytes of an RTU frame to the CRC of the rest. */
    static byte[] withCrc(byte[] frame) {
        int[] crc = ModbusUtil.calculateCRC(frame, 0, frame.length - 2);
        frame[frame.length - 2] = (byte) crc[0];
        frame[frame.length - 1] = (byte) crc[1];
        return frame;
    }

    private static List<Chunk> dribble(byte[] frame, long perByteNanos) {
        List<Chunk> chunks = new ArrayList<>();
        for (int i = 0; i < frame.length - 1; i++) {
            chunks.add(new Chunk(i * perByteNanos, new byte[] {frame[i]}, false));
        }
        return chunks;
    }

    /**
     * A copy of {@code frame} whose bytes after the function code (and after a read's byte count) are
     * inverted, so that a value taken from it would be visibly wrong.
     */
    private static byte[] invertData(byte[] frame, int pduStart) {
        byte[] decoy = frame.clone();
        int fc = frame[pduStart] & 0xFF;
        int dataStart = pduStart + (fc >= 1 && fc <= 4 ? 2 : 1);
        int end = pduStart == 1 ? frame.length - 2 : frame.length;
        for (int i = dataStart; i < end; i++) {
            decoy[i] ^= (byte) 0xFF;
        }
        return decoy;
    }

    private static int otherUnit(int unit) {
        return unit >= 247 ? 1 : unit + 1;
    }

    /** 8..16 random bytes, none equal to {@code avoid} (the unit id an RTU master scans for; -1 for none). */
    private static byte[] garbage(RandomGenerator random, int avoid) {
        byte[] junk = new byte[8 + random.nextInt(9)];
        for (int i = 0; i < junk.length; i++) {
            int b;
            do {
                b = random.nextInt(256);
            } while (b == avoid);
            junk[i] = (byte) b;
        }
        return junk;
    }
}
