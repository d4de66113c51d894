package io.podctl.config;

import io.podctl.config.schema.Doc;
import io.podctl.config.schema.Range;
import io.podctl.config.schema.Required;

/**
 * A range of 0-based wire addresses in one table, both ends inclusive, that a device answers with an
 * exception (reserved registers): the poller never reads across it.
 *
 * @param table register table
 * @param from  first address of the range
 * @param to    last address of the range, {@code >= from}
 */
@Doc("Addresses a device rejects, both ends inclusive; block reads never include them.")
public record AddressRange(
        @Doc("Register table.") @Required Table table,
        @Doc("First 0-based wire address of the range.") @Required @Range(min = 0, max = 65535) int from,
        @Doc("Last 0-based wire address of the range (inclusive).") @Required @Range(min = 0, max = 65535) int to) {

    /** True when {@code count} addresses from {@code start} in {@code table} include any address of this range. */
    public boolean overlaps(Table table, int start, int count) {
        return this.table == table && count > 0 && start <= to && start + count - 1 >= from;
    }
}
