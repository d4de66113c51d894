package io.podctl.controller.cli;

import io.podctl.config.BusConfig;
import io.podctl.config.ConfigLoader;
import io.podctl.config.DeviceConfig;
import io.podctl.config.LoadResult;
import io.podctl.config.PodConfig;
import io.podctl.controller.bootstrap.ModbusPlans;
import io.podctl.controller.bootstrap.BoardHardware;
import io.podctl.hal.Clock;
import io.podctl.hal.modbus.BusReply;
import io.podctl.hal.modbus.BusReply.Failure;
import io.podctl.hal.modbus.ModbusBuses;
import io.podctl.hal.modbus.ModbusException;
import io.podctl.hal.modbus.RegisterBus;
import io.podctl.hal.modbus.RegisterTable;
import io.podctl.hal.modbus.RtuBusSettings;
import io.podctl.hal.modbus.TcpBusSettings;
import io.podctl.sensors.Quality;
import io.podctl.sensors.modbus.BlockPlanner;
import io.podctl.sensors.modbus.DevicePlan;
import io.podctl.sensors.modbus.ModbusPointSpec;
import io.podctl.sensors.modbus.Plausibility;
import io.podctl.sensors.modbus.PointDecoder;
import io.podctl.sensors.modbus.PointType;
import io.podctl.sensors.modbus.ReadBlock;
import io.podctl.sensors.modbus.RegisterNames;
import io.podctl.sensors.modbus.WordOrder;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code podctl probe}: a commissioning tool that reads Modbus devices once, outside the controller, and
 * prints what it got.
 *
 * <ul>
 *   <li>{@code podctl probe --config FILE [--device ID]}: every configured point of every device (or one),
 *       read as the controller would (the same coalesced blocks, one attempt each), as a table of point,
 *       registers, raw words, value, unit and quality. The value is the text MQTT publishes; a float reading
 *       that no instrument of its unit produces (subnormal, or of an absurd magnitude: a register pair off by
 *       one, or the wrong word order) is shown INVALID, as the controller would judge it, with a warning.</li>
 *   <li>{@code podctl probe --tcp HOST:PORT | --rtu PORT [--baud B --parity P] --unit U --table T
 *       --address A --count N}: raw registers, each as hex, uint16 and int16, and every adjacent register pair
 *       as float32, int32 and uint32 in all four word orders (ABCD, CDAB, BADC, DCBA), so that a technician
 *       can find a device's word order (and spot an address that is off by one) on site.</li>
 * </ul>
 *
 * <p>Addresses are 0-based wire addresses, decimal or {@code 0x} hex (the manual's 40001 is holding 0). Output
 * names them the way they were written (in the configuration, or in {@code --address}) with the wire address
 * beside them when that reads differently, as every other message does ({@link RegisterNames}).
 * Exit 0 when every read succeeded, 1 when one failed or the configuration is invalid, 2 for a usage error.
 * Each read waits at most the bus's timeout ({@code --timeout} in raw mode). Runs on the calling thread.
 */
@Command(name = "probe", description = "Read Modbus registers once and print them: configured points"
        + " (--config) or raw registers with all four 32-bit word orders (--tcp/--rtu). Addresses are 0-based"
        + " wire addresses (decimal or 0x hex).")
final class ProbeCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = {"-c", "--config"}, paramLabel = "FILE", description = "read the points of this configuration")
    Path configFile;

    @Option(names = "--device", paramLabel = "ID", description = "only this device (with --config)")
    String deviceId;

    @Option(names = "--tcp", paramLabel = "HOST:PORT", description = "raw read from a Modbus TCP device")
    String tcp;

    @Option(names = "--rtu", paramLabel = "PORT", description = "raw read on a serial line, e.g. /dev/ttyUSB0")
    String rtu;

    @Option(names = "--baud", defaultValue = "19200", description = "serial speed (default ${DEFAULT-VALUE})")
    int baud;

    @Option(names = "--parity", defaultValue = "even", description = "none, even or odd (default ${DEFAULT-VALUE})")
    String parity;

    @Option(names = "--data-bits", defaultValue = "8", description = "7 or 8 (default ${DEFAULT-VALUE})")
    int dataBits;

    @Option(names = "--stop-bits", defaultValue = "1", description = "1 or 2 (default ${DEFAULT-VALUE})")
    int stopBits;

    @Option(names = "--unit", defaultValue = "1", description = "unit id (default ${DEFAULT-VALUE})")
    int unit;

    @Option(names = "--table", defaultValue = "holding", description = "coil, discrete, input or holding"
            + " (default ${DEFAULT-VALUE})")
    String table;

    @Option(names = "--address", paramLabel = "ADDR", description = "first 0-based wire address, e.g. 12296 or 0x3008")
    String address;

    @Option(names = "--count", defaultValue = "2", description = "registers or bits to read (default ${DEFAULT-VALUE})")
    int count;

    @Option(names = "--timeout", defaultValue = "1s", paramLabel = "DURATION",
            description = "raw mode: deadline of the read, e.g. 500ms or 2s (default ${DEFAULT-VALUE})")
    String timeout;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        int modes = (configFile != null ? 1 : 0) + (tcp != null ? 1 : 0) + (rtu != null ? 1 : 0);
        if (modes != 1) {
            err.println("give exactly one of --config FILE, --tcp HOST:PORT or --rtu PORT");
            return 2;
        }
        try {
            return configFile != null ? probeConfig(out, err) : probeRaw(out, err);
        } catch (IllegalArgumentException e) {
            err.println(e.getMessage());
            return 2;
        }
    }

    // ---- configured points ----

    private int probeConfig(PrintWriter out, PrintWriter err) {
        LoadResult.Valid valid = CommandConfig.validOrReport(new ConfigLoader().load(configFile), configFile, "", err);
        if (valid == null) {
            return 1;
        }
        PodConfig config = valid.config();
        List<DeviceConfig> devices = config.devices().stream()
                .filter(d -> deviceId == null || d.id().equals(deviceId)).toList();
        if (devices.isEmpty()) {
            err.println(deviceId != null ? "no device '" + deviceId + "' in " + configFile : "no devices in " + configFile);
            return 1;
        }
        Map<String, RegisterBus> buses = new LinkedHashMap<>();
        boolean allOk = true;
        try {
            for (DeviceConfig d : devices) {
                BusConfig busConfig = config.buses().stream().filter(b -> b.id().equals(d.bus())).findFirst()
                        .orElseThrow();
                RegisterBus bus = buses.computeIfAbsent(busConfig.id(), id -> open(busConfig));
                allOk &= probeDevice(out, d, bus);
            }
        } finally {
            buses.values().forEach(RegisterBus::close);
        }
        return allOk ? 0 : 1;
    }

    private static RegisterBus open(BusConfig bus) {
        return BoardHardware.openConfiguredBus(bus, Clock.system());
    }

    private static boolean probeDevice(PrintWriter out, DeviceConfig d, RegisterBus bus) {
        DevicePlan plan = ModbusPlans.plan(d);
        out.printf("%s (unit %d on %s)%n", d.id(), d.unitId(), bus.describe());
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"POINT", "REGISTER", "RAW", "VALUE", "UNIT", "QUALITY"});
        List<String> problems = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        for (ReadBlock block : BlockPlanner.plan(plan)) {
            BusReply reply = bus.read(d.unitId(), block.table(), block.address(), block.count());
            int[] raw = null;
            if (reply instanceof BusReply.Registers r) {
                raw = r.words();
            } else if (reply instanceof BusReply.Bits b) {
                raw = new int[b.count()];
                for (int i = 0; i < raw.length; i++) {
                    raw[i] = b.bit(i) ? 1 : 0;
                }
            } else {
                Failure f = (Failure) reply;
                problems.add(RegisterNames.of(block) + ": " + f.detail());
            }
            for (ModbusPointSpec p : block.points()) {
                String where = RegisterNames.of(p);
                String unit = d.points().stream().filter(c -> d.qualifiedPointId(c).equals(p.pointId())).findFirst()
                        .map(c -> c.unit()).orElse("");
                if (raw == null) {
                    rows.add(new String[] {p.pointId(), where, "-", "-", unit, failureQuality((Failure) reply).name()});
                    continue;
                }
                int offset = p.address() - block.address();
                String words = rawWords(p, raw, offset);
                if (p.type() == PointType.STRING) {
                    // Text that is not printable ASCII is INVALID, and not printed: it could disturb the terminal.
                    String text = PointDecoder.decodeString(p, raw, offset);
                    Quality q = PointDecoder.textQuality(text);
                    rows.add(new String[] {p.pointId(), where, words, q == Quality.GOOD ? "\"" + text + "\"" : "-",
                            unit, q.name()});
                    continue;
                }
                double value = PointDecoder.decode(p, raw, offset);
                Quality quality = PointDecoder.quality(p, value);
                Plausibility plausibility = Plausibility.of(p, raw, offset);
                if (quality != Quality.INVALID && plausibility != Plausibility.PLAUSIBLE) {
                    quality = Quality.INVALID;
                    warnings.add(String.format("%s at %s reads %s%s: %s; is its address off by one, or its word "
                            + "order wrong? (the controller will not use it)", p.pointId(), where,
                            Double.toString(value), unit.isEmpty() ? "" : " " + unit, plausibility.why()));
                }
                rows.add(new String[] {p.pointId(), where, words, Double.toString(value), unit, quality.name()});
            }
        }
        printTable(out, rows);
        problems.forEach(p -> out.println("  ! " + p));
        warnings.forEach(w -> out.println("  warning: " + w));
        out.println();
        return problems.isEmpty();
    }

    /** The quality the poller would give a failed read. */
    private static Quality failureQuality(Failure f) {
        if (f.kind() != BusReply.FailureKind.EXCEPTION_RESPONSE) {
            return Quality.COMM_FAIL;
        }
        if (ModbusException.isMappingError(f.exceptionCode())) {
            return Quality.INVALID;
        }
        return ModbusException.isGatewayError(f.exceptionCode()) ? Quality.COMM_FAIL : Quality.DEVICE_EXCEPTION;
    }

    private static String rawWords(ModbusPointSpec p, int[] raw, int offset) {
        if (p.table().isBitTable()) {
            return Integer.toString(raw[offset]);
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < p.registerCount(); i++) {
            if (i > 0) {
                sb.append(' ');
            }
            sb.append(String.format("%04X", raw[offset + i]));
        }
        return sb.toString();
    }

    // ---- raw registers ----

    private int probeRaw(PrintWriter out, PrintWriter err) {
        if (address == null) {
            throw new IllegalArgumentException("raw mode needs --address (0-based wire address, e.g. 0x3008)");
        }
        RegisterTable t = parseTable(table);
        int first = parseAddress(address);
        String written = address.trim().replaceFirst("^0X", "0x");
        if (count < 1 || count > t.maxReadCount() || first + count > 0x10000) {
            throw new IllegalArgumentException("--count must be 1.." + t.maxReadCount() + " within 0..65535");
        }
        Duration deadline = parseDuration(timeout);
        RegisterBus bus;
        if (tcp != null) {
            int colon = tcp.lastIndexOf(':');
            String host = colon < 0 ? tcp : tcp.substring(0, colon);
            int port = colon < 0 ? 502 : Integer.parseInt(tcp.substring(colon + 1));
            bus = ModbusBuses.tcp(TcpBusSettings.of(host, port).withTransactionDeadline(deadline), Clock.system());
        } else {
            RtuBusSettings.Parity p = RtuBusSettings.Parity.valueOf(parity.toUpperCase(Locale.ROOT));
            bus = ModbusBuses.rtu(new RtuBusSettings(rtu, baud, p, dataBits, stopBits, deadline), Clock.system());
        }
        try (bus) {
            BusReply reply = bus.read(unit, t, first, count);
            out.printf("%s (%d) from unit %d at %s%n", RegisterNames.span(t, first, count, written), count, unit,
                    bus.describe());
            if (reply instanceof Failure f) {
                err.println("read failed: " + f.detail());
                return 1;
            }
            if (reply instanceof BusReply.Bits bits) {
                List<String[]> rows = new ArrayList<>();
                rows.add(new String[] {"ADDRESS", "BIT"});
                for (int i = 0; i < bits.count(); i++) {
                    rows.add(new String[] {at(written, first + i), bits.bit(i) ? "1" : "0"});
                }
                printTable(out, rows);
                return 0;
            }
            int[] w = ((BusReply.Registers) reply).words();
            List<String[]> rows = new ArrayList<>();
            rows.add(new String[] {"ADDRESS", "HEX", "UINT16", "INT16"});
            for (int i = 0; i < w.length; i++) {
                rows.add(new String[] {at(written, first + i), String.format("0x%04X", w[i]),
                        Integer.toString(w[i]), Integer.toString((short) w[i])});
            }
            printTable(out, rows);
            if (w.length >= 2) {
                out.println();
                out.println("32-bit values of each register pair (A = high byte of the value):");
                rows = new ArrayList<>();
                rows.add(new String[] {"PAIR", "ORDER", "HEX", "FLOAT32", "INT32", "UINT32"});
                for (int i = 0; i + 1 < w.length; i++) {
                    for (WordOrder order : WordOrder.values()) {
                        int bits = combine(w[i], w[i + 1], order);
                        rows.add(new String[] {RegisterNames.like(written, first + i) + "+"
                                + RegisterNames.like(written, first + i + 1), order.name(),
                                String.format("0x%08X", bits), Float.toString(Float.intBitsToFloat(bits)),
                                Integer.toString(bits), Long.toString(bits & 0xFFFF_FFFFL)});
                    }
                }
                printTable(out, rows);
            }
            return 0;
        }
    }

    /**
     * The 32-bit value registers {@code w0, w1} (in wire order) hold in {@code order}, decoded by the same
     * {@link PointDecoder} the controller uses, so what the probe shows is what a point would read.
     */
    static int combine(int w0, int w1, WordOrder order) {
        ModbusPointSpec pair = ModbusPointSpec.of("pair", RegisterTable.HOLDING_REGISTER, 0, PointType.UINT32)
                .withWordOrder(order);
        return (int) (long) PointDecoder.decode(pair, new int[] {w0, w1}, 0);
    }

    static RegisterTable parseTable(String name) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "coil", "coils" -> RegisterTable.COIL;
            case "discrete", "discrete_input", "discretes" -> RegisterTable.DISCRETE_INPUT;
            case "input", "input_register", "inputs" -> RegisterTable.INPUT_REGISTER;
            case "holding", "holding_register", "holdings" -> RegisterTable.HOLDING_REGISTER;
            default -> throw new IllegalArgumentException("--table must be coil, discrete, input or holding: " + name);
        };
    }

    /** An address in the row notation of {@code written}: {@code 0x3008 (wire 12296)}, or {@code 12296}. */
    private static String at(String written, int address) {
        String text = RegisterNames.like(written, address);
        return text.equals(Integer.toString(address)) ? text : text + " (wire " + address + ")";
    }

    /**
     * A 0-based wire address, decimal or 0x hex. A leading 0 is refused: other tools read {@code 0157} as octal
     * (111), so it would not mean what it says everywhere.
     */
    static int parseAddress(String text) {
        String t = text.trim();
        if (!t.matches("0|[1-9][0-9]{0,4}|0[xX][0-9A-Fa-f]{1,4}")) {
            throw new IllegalArgumentException("--address must be a 0-based wire address in decimal (without a "
                    + "leading 0) or 0x hex, e.g. 12296 or 0x3008: " + text);
        }
        int a = t.startsWith("0x") || t.startsWith("0X") ? Integer.parseInt(t.substring(2), 16) : Integer.parseInt(t);
        if (a < 0 || a > 0xFFFF) {
            throw new IllegalArgumentException("--address must be a 0-based wire address 0..65535: " + text);
        }
        return a;
    }

    private static Duration parseDuration(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        try {
            if (t.endsWith("ms")) {
                return Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2)));
            }
            if (t.endsWith("s")) {
                return Duration.ofMillis(Math.round(Double.parseDouble(t.substring(0, t.length() - 1)) * 1000));
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("--timeout must look like 500ms or 2s: " + text);
    }


    private static void printTable(PrintWriter out, List<String[]> rows) {
        int[] widths = new int[rows.get(0).length];
        for (String[] r : rows) {
            for (int i = 0; i < r.length; i++) {
                widths[i] = Math.max(widths[i], r[i].length());
            }
        }
        for (String[] r : rows) {
            StringBuilder sb = new StringBuilder(" ");
            for (int i = 0; i < r.length; i++) {
                sb.append(' ').append(r[i]).append(" ".repeat(widths[i] - r[i].length())).append(' ');
            }
            out.println(sb.toString().stripTrailing());
        }
        out.flush();
    }
}
