package io.podctl.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A GitHub-flavoured Markdown table whose source is aligned as well (columns padded to equal width), so the
 * committed docs read well as plain text too. Cells are single-line: pipes are escaped and line breaks become
 * spaces.
 *
 * <p>Threading: not thread-safe; build and render on one thread.
 */
final class MarkdownTable {
    /** Column alignment. */
    enum Align { LEFT, RIGHT }

    private final String[] headers;
    private final Align[] aligns;
    private final List<String[]> rows = new ArrayList<>();

    /** A table with these column headers, every column left-aligned until {@link #align} says otherwise. */
    MarkdownTable(String... headers) {
        if (headers.length == 0) {
            throw new IllegalArgumentException("a table needs at least one column");
        }
        this.headers = Arrays.stream(headers).map(MarkdownTable::cell).toArray(String[]::new);
        this.aligns = new Align[headers.length];
        Arrays.fill(aligns, Align.LEFT);
    }

    /** Right-aligns (numbers) or left-aligns the given columns (0-based). */
    MarkdownTable align(Align align, int... columns) {
        for (int c : columns) {
            aligns[c] = align;
        }
        return this;
    }

    /** Adds a row; {@code String.valueOf} of each cell. */
    MarkdownTable row(Object... cells) {
        if (cells.length != headers.length) {
            throw new IllegalArgumentException("row has " + cells.length + " cells, table " + headers.length);
        }
        rows.add(Arrays.stream(cells).map(c -> cell(String.valueOf(c))).toArray(String[]::new));
        return this;
    }

    /** The table, one line per row, each ending with a line break. */
    String render() {
        int n = headers.length;
        int[] width = new int[n];
        for (int c = 0; c < n; c++) {
            width[c] = Math.max(3, headers[c].length());
            for (String[] r : rows) {
                width[c] = Math.max(width[c], r[c].length());
            }
        }
        StringBuilder sb = new StringBuilder();
        line(sb, headers, width);
        sb.append('|');
        for (int c = 0; c < n; c++) {
            sb.append(aligns[c] == Align.RIGHT ? " " + "-".repeat(width[c] - 1) + ":" : " " + "-".repeat(width[c]))
                    .append(" |");
        }
        sb.append('\n');
        for (String[] r : rows) {
            line(sb, r, width);
        }
        return sb.toString();
    }

    private void line(StringBuilder sb, String[] cells, int[] width) {
        sb.append('|');
        for (int c = 0; c < cells.length; c++) {
            String pad = " ".repeat(width[c] - cells[c].length());
            sb.append(' ').append(aligns[c] == Align.RIGHT ? pad + cells[c] : cells[c] + pad).append(" |");
        }
        sb.append('\n');
    }

    private static String cell(String text) {
        return text.replace("\r\n", " ").replace('\n', ' ').replace('\r', ' ').replace("|", "\\|").strip();
    }
}
