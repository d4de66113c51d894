package io.podctl.config;

import com.fasterxml.jackson.annotation.JsonProperty;

/** How the registers of a point encode its value. */
public enum DataType {
    /** One bit of a register ({@code bit} 0..15), or a coil / discrete input. */
    @JsonProperty("bool") BOOL(1),
    @JsonProperty("int16") INT16(1),
    @JsonProperty("uint16") UINT16(1),
    @JsonProperty("int32") INT32(2),
    @JsonProperty("uint32") UINT32(2),
    @JsonProperty("int64") INT64(4),
    @JsonProperty("float32") FLOAT32(2),
    @JsonProperty("float64") FLOAT64(4),
    /** ASCII text, two characters per register; {@code length} registers. */
    @JsonProperty("string") STRING(0);

    private final int registers;

    DataType(int registers) {
        this.registers = registers;
    }

    /** Registers occupied; 0 when it depends on the point ({@link #STRING}). */
    public int registers() {
        return registers;
    }
}
