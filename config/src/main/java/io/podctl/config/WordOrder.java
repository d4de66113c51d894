package io.podctl.config;

/**
 * Order of the bytes of a multi-register value, named by where bytes A (most significant) to D land:
 * ABCD big-endian (Modbus default), CDAB word-swapped, BADC byte-swapped, DCBA little-endian.
 */
public enum WordOrder { ABCD, CDAB, BADC, DCBA }
