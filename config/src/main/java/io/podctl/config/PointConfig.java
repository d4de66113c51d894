package io.podctl.config;

/**
 * One value read from a Modbus device.
 *
 * <p>Addresses are 0-based wire addresses within {@code table}: the manual's input register 30001 is
 * {@code table: input, address: 0}; holding register 40016 is {@code table: holding, address: 15}.
 * Engineering value = raw × {@code scale} + {@code offset}.
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
 */
public record PointConfig(String id, String description, Table table, Integer address, DataType type, Integer bit,
                          Integer length, WordOrder wordOrder, Double scale, Double offset, String unit, Double min,
                          Double max) {
    public PointConfig {
        description = description != null ? description : "";
        scale = scale != null ? scale : 1.0;
        offset = offset != null ? offset : 0.0;
        unit = unit != null ? unit : "";
    }
}
