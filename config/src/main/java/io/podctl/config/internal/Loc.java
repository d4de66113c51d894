package io.podctl.config.internal;

/**
 * Where something is written: a file as the user named it and a 1-based line and column (0 when unknown).
 *
 * @param file   display name of the file
 * @param line   1-based line
 * @param column 1-based column
 */
public record Loc(String file, int line, int column) {
    /** The whole file. */
    public static Loc of(String file) {
        return new Loc(file, 0, 0);
    }
}
