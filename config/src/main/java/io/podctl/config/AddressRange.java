package io.podctl.config;

import io.podctl.config.schema.Doc;
import io.podctl.config.schema.Range;
import io.podctl.config.schema.Required;
import io.podctl.config.schema.SpellingOf;

/**
 * A range of 0-based wire addresses in one table, both ends inclusive, that a device answers with an
 * exception (reserved registers): the poller never reads across it.
 *
 * @param table register table
 * @param from  first address of the range
 * @param to    last address of the range, {@code >= from}
 * @param fromText {@code from} as the file writes it, for messages (default: decimal)
 * @param toText   {@code to} as the file writes it, for messages (default: decimal)
 */
@Doc("Addresses a device rejects, both ends inclusive; block reads never include them.")
public record AddressRange(
        @Doc("Register table.") @Required Table table,
        @Doc("First 0-based wire address of the range.") @Required @Range(min = 0, max = 65535) int from,
        @Doc("Last 0-based wire address of the range (inclusive).") @Required @Range(min = 0, max = 65535) int to,
        @SpellingOf("from") String fromText,
        @SpellingOf("to") String toText) {

    public AddressRange {
        fromText = fromText != null ? fromText : Integer.toString(from);
        toText = toText != null ? toText : Integer.toString(to);
    }

    /** A range written in decimal. */
    public AddressRange(Table table, int from, int to) {
        this(table, from, to, null, null);
    }

    /** The range as the file writes it: {@code holding 0x0100..0x01FF (wire 256..511)}. */
    public String where() {
        return AddressNotation.range(table, from, fromText, to, toText);
    }

    /** True when {@code count} addresses from {@code start} in {@code table} include any address of this range. */
    public boolean overlaps(Table table, int start, int count) {
        return this.table == table && count > 0 && start <= to && start + count - 1 >= from;
    }
}
