package io.podctl.hal.sim;

import io.podctl.hal.modbus.RegisterTable;

/**
 * Every register the simulated pod serves, with its wire encoding: the simulated devices' register maps in
 * one place. Addresses are 0-based wire addresses; every device answers as unit id 1 by default.
 *
 * <p><b>{@code cdu}</b> — our pod CDU profile {@code pod-cdu} (no public CDU map exists). The constants here are
 * the plant's names; the profile's points carry their DMTF Redfish properties (docs/redfish.md). Input registers
 * (FC04) 0–15, holding registers (FC03/06/16) 0–4; integers scaled as stated (e.g. °C×10: 30.5 °C is 305; the
 * differential pressure register holds bar×100, which is kPa). The supply temperature is measured by three
 * sensors, at input registers 0, 14 and 15 ({@link SupplySensor}); a failed sensor reads 0x7FFF or 0x8000
 * ({@link SensorFault}).
 * Status bits: pump status bit0 running (speed feedback above 1 %), bit1 fault (latched until AlarmReset),
 * bit2 commanded on; CDU StatusBits bit0 any alarm, bit1 low reservoir level, bit2 pump fault. AlarmReset:
 * write 1 to clear latched alarms whose cause has gone; it reads back 0. Writes outside a register's accepted
 * range get exception 03. Input registers 100–119 hold the CDU's identity as text, two ASCII characters per
 * register, high byte first, NUL-padded: serial number (100–107), firmware version (108–111), model (112–119);
 * see {@link SimulatedPod#CDU_SERIAL_NUMBER}.
 *
 * <p><b>{@code meter}</b> — Eastron SDM630 subset, input registers, IEEE-754 float32 with the high word
 * first (ABCD). Voltages are line-to-neutral.
 *
 * <p><b>{@code pdu1..pduN}</b> — Raritan PX-style, holding registers (read-only here: writes get exception
 * 02), float32 ABCD. Inlet voltage is line-to-line of the 3-phase inlet; inlet current is the line current;
 * outlet 1 current is a single-phase outlet at line-to-neutral voltage. A read that touches any unmapped
 * address gets exception 02.
 */
public enum SimSignal {
    CDU_SUPPLY_TEMPERATURE(Device.CDU, RegisterTable.INPUT_REGISTER, 0, Encoding.INT16, 10, "°C"),
    CDU_RETURN_TEMPERATURE(Device.CDU, RegisterTable.INPUT_REGISTER, 1, Encoding.INT16, 10, "°C"),
    CDU_FLOW(Device.CDU, RegisterTable.INPUT_REGISTER, 2, Encoding.UINT16, 10, "L/min"),
    CDU_DIFFERENTIAL_PRESSURE(Device.CDU, RegisterTable.INPUT_REGISTER, 3, Encoding.UINT16, 1, "kPa"),
    CDU_RESERVOIR_LEVEL(Device.CDU, RegisterTable.INPUT_REGISTER, 4, Encoding.UINT16, 10, "%"),
    CDU_PUMP1_STATUS(Device.CDU, RegisterTable.INPUT_REGISTER, 5, Encoding.UINT16, 1, "bits"),
    CDU_PUMP1_SPEED(Device.CDU, RegisterTable.INPUT_REGISTER, 6, Encoding.UINT16, 10, "%"),
    CDU_PUMP2_STATUS(Device.CDU, RegisterTable.INPUT_REGISTER, 7, Encoding.UINT16, 1, "bits"),
    CDU_PUMP2_SPEED(Device.CDU, RegisterTable.INPUT_REGISTER, 8, Encoding.UINT16, 10, "%"),
    CDU_VALVE_POSITION(Device.CDU, RegisterTable.INPUT_REGISTER, 9, Encoding.UINT16, 10, "%"),
    CDU_PRIMARY_SUPPLY_TEMPERATURE(Device.CDU, RegisterTable.INPUT_REGISTER, 10, Encoding.INT16, 10, "°C"),
    CDU_PRIMARY_RETURN_TEMPERATURE(Device.CDU, RegisterTable.INPUT_REGISTER, 11, Encoding.INT16, 10, "°C"),
    CDU_STATUS_BITS(Device.CDU, RegisterTable.INPUT_REGISTER, 12, Encoding.UINT16, 1, "bits"),
    CDU_HEARTBEAT(Device.CDU, RegisterTable.INPUT_REGISTER, 13, Encoding.UINT16, 1, "count"),
    /** The second supply-temperature sensor ({@link SupplySensor#B}); the first is register 0. */
    CDU_SUPPLY_TEMPERATURE_B(Device.CDU, RegisterTable.INPUT_REGISTER, 14, Encoding.INT16, 10, "°C"),
    /** The third supply-temperature sensor ({@link SupplySensor#C}). */
    CDU_SUPPLY_TEMPERATURE_C(Device.CDU, RegisterTable.INPUT_REGISTER, 15, Encoding.INT16, 10, "°C"),
    /** Accepts 5.0–60.0 °C. Default 30.0 °C. */
    CDU_SUPPLY_TEMPERATURE_SETPOINT(Device.CDU, RegisterTable.HOLDING_REGISTER, 0, Encoding.INT16, 10, "°C"),
    /** 0 stop, 1 run. */
    CDU_PUMP1_COMMAND(Device.CDU, RegisterTable.HOLDING_REGISTER, 1, Encoding.UINT16, 1, "enum"),
    /** 0 stop, 1 run. */
    CDU_PUMP2_COMMAND(Device.CDU, RegisterTable.HOLDING_REGISTER, 2, Encoding.UINT16, 1, "enum"),
    /** Accepts 0–100.0 %, for both pumps. */
    CDU_PUMP_SPEED_SETPOINT(Device.CDU, RegisterTable.HOLDING_REGISTER, 3, Encoding.UINT16, 10, "%"),
    /** Write 1 to reset latched alarms; reads back 0. */
    CDU_ALARM_RESET(Device.CDU, RegisterTable.HOLDING_REGISTER, 4, Encoding.UINT16, 1, "command"),

    METER_L1_VOLTAGE(Device.METER, RegisterTable.INPUT_REGISTER, 0, Encoding.FLOAT32_ABCD, 1, "V"),
    METER_L2_VOLTAGE(Device.METER, RegisterTable.INPUT_REGISTER, 2, Encoding.FLOAT32_ABCD, 1, "V"),
    METER_L3_VOLTAGE(Device.METER, RegisterTable.INPUT_REGISTER, 4, Encoding.FLOAT32_ABCD, 1, "V"),
    METER_L1_CURRENT(Device.METER, RegisterTable.INPUT_REGISTER, 6, Encoding.FLOAT32_ABCD, 1, "A"),
    METER_L2_CURRENT(Device.METER, RegisterTable.INPUT_REGISTER, 8, Encoding.FLOAT32_ABCD, 1, "A"),
    METER_L3_CURRENT(Device.METER, RegisterTable.INPUT_REGISTER, 10, Encoding.FLOAT32_ABCD, 1, "A"),
    METER_L1_POWER(Device.METER, RegisterTable.INPUT_REGISTER, 12, Encoding.FLOAT32_ABCD, 1, "W"),
    METER_L2_POWER(Device.METER, RegisterTable.INPUT_REGISTER, 14, Encoding.FLOAT32_ABCD, 1, "W"),
    METER_L3_POWER(Device.METER, RegisterTable.INPUT_REGISTER, 16, Encoding.FLOAT32_ABCD, 1, "W"),
    METER_TOTAL_POWER(Device.METER, RegisterTable.INPUT_REGISTER, 52, Encoding.FLOAT32_ABCD, 1, "W"),
    METER_FREQUENCY(Device.METER, RegisterTable.INPUT_REGISTER, 70, Encoding.FLOAT32_ABCD, 1, "Hz"),
    METER_IMPORT_ENERGY(Device.METER, RegisterTable.INPUT_REGISTER, 72, Encoding.FLOAT32_ABCD, 1, "kWh"),
    METER_TOTAL_ENERGY(Device.METER, RegisterTable.INPUT_REGISTER, 342, Encoding.FLOAT32_ABCD, 1, "kWh"),

    PDU_INLET_VOLTAGE(Device.PDU, RegisterTable.HOLDING_REGISTER, 0x3008, Encoding.FLOAT32_ABCD, 1, "V"),
    PDU_INLET_CURRENT(Device.PDU, RegisterTable.HOLDING_REGISTER, 0x300A, Encoding.FLOAT32_ABCD, 1, "A"),
    PDU_INLET_POWER(Device.PDU, RegisterTable.HOLDING_REGISTER, 0x3012, Encoding.FLOAT32_ABCD, 1, "W"),
    PDU_OUTLET1_CURRENT(Device.PDU, RegisterTable.HOLDING_REGISTER, 0x800A, Encoding.FLOAT32_ABCD, 1, "A");

    /** The kind of device a signal belongs to. */
    public enum Device { CDU, METER, PDU }

    /** How an engineering value sits in registers. */
    public enum Encoding {
        /** One register, two's complement, value × scale rounded. */
        INT16(1, Short.MIN_VALUE, Short.MAX_VALUE),
        /** One register, unsigned, value × scale rounded. */
        UINT16(1, 0, 0xFFFF),
        /** Two registers, IEEE-754 single precision, high word first (ABCD). */
        FLOAT32_ABCD(2, Double.NaN, Double.NaN);

        private final int words;
        private final double minRaw;
        private final double maxRaw;

        Encoding(int words, double minRaw, double maxRaw) {
            this.words = words;
            this.minRaw = minRaw;
            this.maxRaw = maxRaw;
        }

        /** Registers per value. */
        public int words() {
            return words;
        }
    }

    private final Device device;
    private final RegisterTable table;
    private final int address;
    private final Encoding encoding;
    private final double scale;
    private final String unit;

    SimSignal(Device device, RegisterTable table, int address, Encoding encoding, double scale, String unit) {
        this.device = device;
        this.table = table;
        this.address = address;
        this.encoding = encoding;
        this.scale = scale;
        this.unit = unit;
    }

    public Device device() {
        return device;
    }

    public RegisterTable table() {
        return table;
    }

    /** 0-based wire address of the first register. */
    public int address() {
        return address;
    }

    public Encoding encoding() {
        return encoding;
    }

    /** Raw = round(value × scale) for integer encodings; 1 for float32. */
    public double scale() {
        return scale;
    }

    /** Engineering unit of the decoded value. */
    public String unit() {
        return unit;
    }

    /**
     * Encodes an engineering value into register words (each 0..65535).
     *
     * @throws IllegalArgumentException when an integer encoding cannot hold the value (or it is NaN);
     *                                  float32 accepts any value including NaN and infinities
     */
    public int[] encode(double value) {
        if (encoding == Encoding.FLOAT32_ABCD) {
            return float32Words(value);
        }
        double raw = Math.rint(value * scale);
        if (Double.isNaN(raw) || raw < encoding.minRaw || raw > encoding.maxRaw) {
            throw new IllegalArgumentException(name() + " cannot encode " + value + " " + unit + " as " + encoding);
        }
        return new int[] {((int) raw) & 0xFFFF};
    }

    /**
     * Encodes like {@link #encode} but saturates at the encoding's limits, as device firmware does
     * (NaN becomes 0). For the plant's own values.
     */
    public int[] encodeSaturating(double value) {
        if (encoding == Encoding.FLOAT32_ABCD) {
            return float32Words(value);
        }
        double raw = Double.isNaN(value) ? 0 : Math.rint(value * scale);
        raw = Math.max(encoding.minRaw, Math.min(encoding.maxRaw, raw));
        return new int[] {((int) raw) & 0xFFFF};
    }

    /** Decodes register words (as {@link #encode} produces them) into the engineering value. */
    public double decode(int[] words) {
        if (words.length != encoding.words) {
            throw new IllegalArgumentException(name() + " needs " + encoding.words + " registers, got " + words.length);
        }
        return switch (encoding) {
            case INT16 -> ((short) words[0]) / scale;
            case UINT16 -> (words[0] & 0xFFFF) / scale;
            case FLOAT32_ABCD -> Float.intBitsToFloat(((words[0] & 0xFFFF) << 16) | (words[1] & 0xFFFF));
        };
    }

    private static int[] float32Words(double value) {
        int bits = Float.floatToRawIntBits((float) value);
        return new int[] {(bits >>> 16) & 0xFFFF, bits & 0xFFFF};
    }
}
