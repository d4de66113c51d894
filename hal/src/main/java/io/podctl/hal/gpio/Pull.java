package io.podctl.hal.gpio;

/** The internal bias resistor of an input pin. */
public enum Pull { NONE, UP, DOWN }
