package io.podctl.config;

import io.podctl.config.schema.Doc;
import io.podctl.config.schema.Identifier;
import io.podctl.config.schema.IdKind;
import io.podctl.config.schema.DurationRange;
import io.podctl.config.schema.Pattern;
import io.podctl.config.schema.Range;
import io.podctl.config.schema.Required;
import io.podctl.config.schema.SpellingOf;
import java.time.Duration;

/**
 * One value read from a Modbus device.
 *
 * <p>Addresses are 0-based wire addresses within {@code table}: the manual's input register 30001 is
 * {@code table: input, address: 0}; holding register 40016 is {@code table: holding, address: 15}.
 * Engineering value = raw × {@code scale} + {@code offset}, rounded to {@code decimals} places (by default the
 * precision the scale implies: an int16 with scale 0.1 has one decimal, so 348 is published as 34.8).
 *
 * @param id          point id, unique within its device
 * @param description free text
 * @param table       register table
 * @param address     0-based wire address of the first register (or bit)
 * @param type        data type
 * @param bit         bit number 0..15 within the register, for {@code type: bit}
 * @param length      registers occupied, for {@code type: string}
 * @param wordOrder   overrides the device's word order for this point
 * @param scale       multiplier applied to the raw value (default 1)
 * @param offset      added after scaling (default 0)
 * @param unit        engineering unit, e.g. {@code degC}, {@code L/min}, {@code bar}, {@code W}
 * @param min         lowest valid engineering value; below it the sample is OUT_OF_RANGE
 * @param max         highest valid engineering value; above it the sample is OUT_OF_RANGE
 * @param frozenAfter for a value where noise is expected (a measurement that always moves a little, a
 *                    heartbeat counter): after this many consecutive successful samples with an unchanged value
 *                    the sample is FROZEN (bad data) until it changes; unset for the default of
 *                    {@link FrozenCheck} (on for analog points a protection watches, off otherwise)
 * @param deadband        report by exception: a value is re-published only when it moved at least this much,
 *                        in the engineering unit (default 0: every change)
 * @param deadbandPercent report by exception: ... at least this percent of the range {@code max - min} (of the
 *                        last published value when the range is not set); default 0: none
 * @param maxSilence      an unchanged value is re-published after this long (default 0s: never)
 * @param addressText     {@code address} as the file writes it ({@code 0x0157}, {@code 343}), for messages; not a
 *                        key of its own (default: the address in decimal)
 * @param decimals        decimal places the engineering value is rounded to, 0..10; unset for the precision implied
 *                        by the scale and offset (and, for a float32, by its shortest decimal form)
 * @param counter         true for a total that only counts up (energy, kWh): a reading below the highest one
 *                        accepted is not GOOD and raises an alarm (default false)
 * @param frozenCheckOff  why this point has no frozen-value check although a protection watches it (a value that
 *                        legitimately holds still, such as an idle outlet's 0 A); unset: the default check applies
 * @param redfish         the DMTF Redfish property this point corresponds to, as a path from the resource
 *                        ({@code CoolingUnit/SecondaryCoolantConnectors/{n}/SupplyTemperatureCelsius}); documentation
 *                        only (docs/redfish.md lists the shipped profiles' mapping)
 */
@Doc("One value read from a Modbus device; engineering value = raw x scale + offset.")
public record PointConfig(
        @Doc("Point id, unique within its device; pod-wide it is {device}.{point}.") @Required
        @Identifier(IdKind.DOTTED) String id,
        @Doc("Free text for people.") String description,
        @Doc("Register table: coil, discrete, input (FC04, manual 3xxxx) or holding (FC03, manual 4xxxx).")
        @Required Table table,
        @Doc("0-based wire address of the first register or bit: manual register 30001 is address 0.")
        @Required @Range(min = 0, max = 65535) Integer address,
        @Doc("Data type; bool needs 'bit' in register tables.") @Required DataType type,
        @Doc("Bit 0..15 within the register, for type bool in input/holding tables.")
        @Range(min = 0, max = 15) Integer bit,
        @Doc("Registers occupied, for type string (two characters per register).")
        @Range(min = 1, max = 125) Integer length,
        @Doc("Overrides the device's word order for this point.") WordOrder wordOrder,
        @Doc("Multiplier applied to the raw value, not 0 (default 1).") Double scale,
        @Doc("Added after scaling, in the engineering unit (default 0).") Double offset,
        @Doc("Engineering unit, e.g. degC, L/min, kPa, W, kWh, %.")
        @Pattern(value = "[^\\x00-\\x1F\\x7F]*", hint = "printable characters (it is a label in payloads)",
                maxLength = 32) String unit,
        @Doc("Lowest valid engineering value; below it a sample is out of range (bad data).") Double min,
        @Doc("Highest valid engineering value; above it a sample is out of range (bad data).") Double max,
        @Doc("Where noise is expected (a live measurement, a heartbeat counter): after this many consecutive "
                + "successful samples with an unchanged value the point is frozen (bad data) until it changes, "
                + "2..100000 (default: 2 min of samples at the device's poll period, at least 10, for an analog "
                + "point a protection watches; no check otherwise).")
        @Range(min = 2, max = 100_000) Integer frozenAfter,
        @Doc("Report by exception: a GOOD value is re-published only when it moved at least this much, in the "
                + "engineering unit (default 0: every change). Quality changes are always published at once.")
        @Range(min = 0) Double deadband,
        @Doc("Report by exception: ... at least this percent of the range max - min (of the last published value "
                + "when min or max is not set); default 0: none. With both deadbands, a change must exceed both.")
        @Range(min = 0, max = 100) Double deadbandPercent,
        @Doc("An unchanged value is re-published after this long (default 0s: never).")
        @DurationRange(max = "24h") Duration maxSilence,
        @SpellingOf("address") String addressText,
        @Doc("Decimal places the engineering value is rounded to, 0..10 (default: the precision the scale and "
                + "offset imply, e.g. 1 for scale 0.1; a float32 keeps its shortest decimal form).")
        @Range(min = 0, max = 10) Integer decimals,
        @Doc("True for a total that only counts up (energy, kWh): a reading below the highest one accepted is bad "
                + "data and raises an alarm until the counter is back or counts up again from a new base "
                + "(default false).")
        Boolean counter,
        @Doc("Why this point has no frozen-value check although a protection watches it, e.g. 'an idle outlet "
                + "reads a steady 0 A' (default: the check applies).")
        String frozenCheckOff,
        @Doc("The DMTF Redfish property this point corresponds to, as a path from its resource, e.g. "
                + "CoolingUnit/SecondaryCoolantConnectors/{n}/SupplyTemperatureCelsius (documentation only).")
        @Pattern(value = PointConfig.REDFISH_PATH, hint = "a Redfish resource and property path such as "
                + "CoolingUnit/Pumps/{n}/PumpSpeedPercent") String redfish) {
    /** A Redfish resource name followed by path segments (collections, {n} or a member id, properties, actions). */
    public static final String REDFISH_PATH = "[A-Z][A-Za-z]*(/[A-Za-z0-9#.{}]+)+";

    public PointConfig {
        description = description != null ? description : "";
        scale = scale != null ? scale : 1.0;
        offset = offset != null ? offset : 0.0;
        unit = unit != null ? unit : "";
        deadband = deadband != null ? deadband : 0.0;
        deadbandPercent = deadbandPercent != null ? deadbandPercent : 0.0;
        maxSilence = maxSilence != null ? maxSilence : Duration.ZERO;
        addressText = addressText != null ? addressText : address != null ? address.toString() : null;
        counter = counter != null ? counter : false;
    }

    /** The shape before decimals, counters, frozen-check exemptions and Redfish names. */
    public PointConfig(String id, String description, Table table, Integer address, DataType type, Integer bit,
                       Integer length, WordOrder wordOrder, Double scale, Double offset, String unit, Double min,
                       Double max, Integer frozenAfter, Double deadband, Double deadbandPercent, Duration maxSilence,
                       String addressText) {
        this(id, description, table, address, type, bit, length, wordOrder, scale, offset, unit, min, max, frozenAfter,
                deadband, deadbandPercent, maxSilence, addressText, null, null, null, null);
    }

    /** The shape before the address's spelling was kept: written in decimal. */
    public PointConfig(String id, String description, Table table, Integer address, DataType type, Integer bit,
                       Integer length, WordOrder wordOrder, Double scale, Double offset, String unit, Double min,
                       Double max, Integer frozenAfter, Double deadband, Double deadbandPercent, Duration maxSilence) {
        this(id, description, table, address, type, bit, length, wordOrder, scale, offset, unit, min, max, frozenAfter,
                deadband, deadbandPercent, maxSilence, null, null, null, null, null);
    }

    /**
     * Where the point is, as the file writes it, with the wire address beside it when that reads differently:
     * {@code holding 0x0157 (wire 343)}, {@code input 12..13} (see {@link AddressNotation}).
     */
    public String where() {
        return AddressNotation.span(table, address, Math.max(registers(), 1), addressText);
    }

    /** Registers (or bits, in a bit table) the point occupies; 0 for a string without a length. */
    public int registers() {
        if (table.isBitTable()) {
            return 1;
        }
        if (type == DataType.STRING) {
            return length == null ? 0 : length;
        }
        return type.registers();
    }

    /** The shape before frozen-value checks and report-by-exception settings. */
    public PointConfig(String id, String description, Table table, Integer address, DataType type, Integer bit,
                       Integer length, WordOrder wordOrder, Double scale, Double offset, String unit, Double min,
                       Double max) {
        this(id, description, table, address, type, bit, length, wordOrder, scale, offset, unit, min, max, null, null,
                null, null, null, null, null, null, null);
    }
}
