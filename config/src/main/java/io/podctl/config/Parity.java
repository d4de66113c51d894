package io.podctl.config;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Serial parity. */
public enum Parity {
    @JsonProperty("none") NONE,
    @JsonProperty("even") EVEN,
    @JsonProperty("odd") ODD
}
