package io.podctl.hal.sim.internal;

import com.fazecast.jSerialComm.SerialPort;
import com.fazecast.jSerialComm.SerialPortInvalidPortException;
import com.ghgande.j2mod.modbus.util.ModbusUtil;
import io.podctl.hal.modbus.RtuBusSettings;
import io.podctl.hal.sim.LineNoise;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Emulated devices on one Modbus RTU line (RS-485, or one end of a pseudo-terminal pair), through
 * jSerialComm: the slaves' side of the line. Each request is handed to the {@link DeviceCore} of its unit id;
 * requests for other units are ignored (another slave's business), and a broadcast (unit 0) write is applied
 * to every device without a reply.
 *
 * <p>Framing: the request length follows from its function code (8 bytes for 01..06, 9 + byte count for 15
 * and 16), and a frame is taken only with a correct CRC; otherwise the first byte is dropped and scanning
 * resumes (counted in {@link #crcErrors()}). Bytes of an incomplete or unknown frame are dropped after the line
 * has been silent for t3.5 (at least {@value #MIN_SILENCE_MS} ms, because pseudo-terminals and USB adapters
 * deliver in bursts); a silent frame of an unknown function with a correct CRC gets exception 01.
 *
 * <p>Threading: one daemon reader thread ({@code sim-rtu-<name>}) that polls the port in slices of at most
 * {@value #READ_SLICE_MS} ms; replies are written by it or, when delayed, by the emulator's timer.
 */
public final class RtuEmulatorServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RtuEmulatorServer.class);
    static final int READ_SLICE_MS = 10;
    static final int MIN_SILENCE_MS = 20;

    private final String name;
    private final RtuBusSettings line;
    private final Map<Integer, DeviceCore> units = new LinkedHashMap<>();
    private final EmulatorTimer timer;
    private final SplittableRandom random = new SplittableRandom(0x5EED);
    private final long silenceNanos;
    private final AtomicLong frames = new AtomicLong();
    private final AtomicLong crcErrors = new AtomicLong();
    private volatile SerialPort port;
    private volatile LineNoise noise;
    private volatile boolean closed;
    private Thread reader;
    private Outbox outbox;

    /** @throws IllegalArgumentException when two devices share a unit id or a unit id is outside 1..247 */
    public RtuEmulatorServer(String name, RtuBusSettings line, List<DeviceCore> devices, EmulatorTimer timer) {
        this.name = Objects.requireNonNull(name, "name");
        this.line = Objects.requireNonNull(line, "line");
        this.timer = Objects.requireNonNull(timer, "timer");
        if (devices.isEmpty()) {
            throw new IllegalArgumentException("no devices to serve");
        }
        for (DeviceCore d : devices) {
            if (d.unitId() < 1 || d.unitId() > 247) {
                throw new IllegalArgumentException("RTU unit id outside 1..247: " + d.unitId());
            }
            if (units.put(d.unitId(), d) != null) {
                throw new IllegalArgumentException("unit id " + d.unitId() + " served twice on " + name);
            }
        }
        this.silenceNanos = Math.max(line.interFrameGap().toNanos(), MIN_SILENCE_MS * 1_000_000L);
    }

    /** Opens the port and starts the reader thread. */
    public synchronized void start() throws IOException {
        SerialPort p;
        try {
            p = SerialPort.getCommPort(line.portName());
        } catch (SerialPortInvalidPortException e) {
            throw new IOException("no such serial port: " + line.portName(), e);
        }
        int parity = switch (line.parity()) {
            case NONE -> SerialPort.NO_PARITY;
            case EVEN -> SerialPort.EVEN_PARITY;
            case ODD -> SerialPort.ODD_PARITY;
        };
        p.setComPortParameters(line.baudRate(), line.dataBits(),
                line.stopBits() == 2 ? SerialPort.TWO_STOP_BITS : SerialPort.ONE_STOP_BIT, parity);
        p.setComPortTimeouts(SerialPort.TIMEOUT_READ_SEMI_BLOCKING | SerialPort.TIMEOUT_WRITE_BLOCKING,
                READ_SLICE_MS, 1000);
        if (!p.openPort(0)) {
            throw new IOException("cannot open " + line.portName() + " (error " + p.getLastErrorCode() + ")");
        }
        port = p;
        outbox = new Outbox(name + " " + line.portName(), new Outbox.Sink() {
            @Override
            public void write(byte[] bytes) throws IOException {
                int n = p.writeBytes(bytes, bytes.length);
                if (n != bytes.length) {
                    throw new IOException("serial write failed (" + n + "/" + bytes.length + ")");
                }
            }

            @Override
            public void hangup() {
                // A serial line has no connection to close.
            }
        }, timer::get, false);
        reader = new Thread(this::readLoop, "sim-rtu-" + name);
        reader.setDaemon(true);
        reader.start();
    }

    /** Puts noise on the line ({@link LineNoise}), or takes it off ({@code null}). Any thread. */
    public void setLineNoise(LineNoise noise) {
        this.noise = noise;
    }

    /** The line, for logs. */
    public String describe() {
        return "rtu:" + line.portName() + "@" + line.baudRate();
    }

    /** Requests taken off the line with a correct CRC (for any unit). */
    public long frames() {
        return frames.get();
    }

    /** Candidate frames dropped for a bad CRC. */
    public long crcErrors() {
        return crcErrors.get();
    }

    /** Stops the reader and closes the port. Idempotent. */
    @Override
    public void close() {
        Thread t;
        synchronized (this) {
            closed = true;
            t = reader;
            if (outbox != null) {
                outbox.close();
            }
        }
        SerialPort p = port;
        if (p != null) {
            p.closePort();
        }
        if (t != null && t != Thread.currentThread()) {
            try {
                t.join(1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void readLoop() {
        byte[] buf = new byte[512];
        int have = 0;
        long lastByte = System.nanoTime();
        SerialPort p = port;
        while (!closed) {
            int n = p.readBytes(buf, buf.length - have, have);
            long now = System.nanoTime();
            if (n < 0) {
                if (!closed) {
                    LOG.warn("{}: serial read failed; the emulator stops serving {}", name, line.portName());
                }
                return;
            }
            if (n > 0) {
                have += n;
                lastByte = now;
            }
            while (have >= 4) {
                int need = requestLength(buf, have);
                if (need < 0 || have < need) {
                    break;
                }
                if (crcOk(buf, need)) {
                    frames.incrementAndGet();
                    handle(buf, need);
                    have = shift(buf, have, need);
                } else {
                    crcErrors.incrementAndGet();
                    have = shift(buf, have, 1);
                }
            }
            if (have > 0 && now - lastByte > silenceNanos) {
                if (have >= 4 && crcOk(buf, have)) {
                    frames.incrementAndGet();
                    handle(buf, have);
                } else {
                    LOG.debug("{}: dropped {} bytes of an incomplete frame", name, have);
                }
                have = 0;
            }
            if (have == buf.length) {
                LOG.debug("{}: receive buffer full of noise; dropped", name);
                have = 0;
            }
        }
    }

    /** Length of the request frame at {@code buf[0]}, or -1 until it can be told (or for unknown functions). */
    private static int requestLength(byte[] buf, int have) {
        int fc = buf[1] & 0xFF;
        if (fc >= 1 && fc <= 6) {
            return 8;
        }
        if (fc == 15 || fc == 16) {
            return have >= 7 ? 9 + (buf[6] & 0xFF) : -1;
        }
        return -1;
    }

    private void handle(byte[] buf, int len) {
        int unit = buf[0] & 0xFF;
        if (unit == 0) {
            int fc = buf[1] & 0xFF;
            if (fc == 5 || fc == 6 || fc == 15 || fc == 16) {
                for (DeviceCore d : units.values()) {
                    d.process(buf, 1, len - 3);
                }
            }
            return;
        }
        DeviceCore device = units.get(unit);
        if (device == null) {
            return;
        }
        LineNoise n = noise;
        if (n != null && garbled(n)) {
            crcErrors.incrementAndGet(); // the request the master sent arrived garbled: no reply
            return;
        }
        if (device.process(buf, 1, len - 3) instanceof DeviceCore.Answer.Reply r) {
            byte[] pdu = r.pdu();
            byte[] frame = new byte[pdu.length + 3];
            frame[0] = (byte) unit;
            System.arraycopy(pdu, 0, frame, 1, pdu.length);
            Delivery.withCrc(frame);
            if (n != null) {
                frame = noisy(frame, n);
            }
            List<Outbox.Chunk> chunks;
            synchronized (random) {
                chunks = Delivery.rtu(frame, r.delivery(), random);
            }
            outbox.send(chunks);
        }
    }

    private boolean garbled(LineNoise n) {
        synchronized (random) {
            return random.nextDouble() < n.garbledShare();
        }
    }

    /** {@code frame} behind a burst of stray bytes, and garbled in one byte for a share of the replies. */
    private byte[] noisy(byte[] frame, LineNoise n) {
        synchronized (random) {
            int burst = n.burstBytes() == 0 ? 0 : random.nextInt(n.burstBytes() + 1);
            byte[] out = new byte[burst + frame.length];
            for (int i = 0; i < burst; i++) {
                out[i] = (byte) random.nextInt(256);
            }
            System.arraycopy(frame, 0, out, burst, frame.length);
            if (random.nextDouble() < n.garbledShare()) {
                out[burst + random.nextInt(frame.length)] ^= (byte) (1 + random.nextInt(255));
            }
            return out;
        }
    }

    private static boolean crcOk(byte[] buf, int len) {
        int[] crc = ModbusUtil.calculateCRC(buf, 0, len - 2);
        return (buf[len - 2] & 0xFF) == crc[0] && (buf[len - 1] & 0xFF) == crc[1];
    }

    private static int shift(byte[] buf, int have, int by) {
        System.arraycopy(buf, by, buf, 0, have - by);
        return have - by;
    }
}
