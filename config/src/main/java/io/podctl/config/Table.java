package io.podctl.config;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Modbus register table, as written in the file. */
public enum Table {
    /** Coils (FC01 read, FC05/15 write). */
    @JsonProperty("coil") COIL,
    /** Discrete inputs (FC02). */
    @JsonProperty("discrete") DISCRETE_INPUT,
    /** Input registers (FC04), the manual's 3xxxx. */
    @JsonProperty("input") INPUT_REGISTER,
    /** Holding registers (FC03 read, FC06/16 write), the manual's 4xxxx. */
    @JsonProperty("holding") HOLDING_REGISTER;

    /** True for coils and discrete inputs. */
    public boolean isBitTable() {
        return this == COIL || this == DISCRETE_INPUT;
    }
}
