package io.podctl.config;

import io.podctl.config.internal.ConfigDiffer;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What changed between two valid configurations of one pod, and whether the running controller can take the
 * change between two loop cycles ({@link Effect#HOT}) or only by restarting ({@link Effect#RESTART}).
 *
 * <p>Hot: protections' limits, delays, hysteresis and descriptions ({@code warning}, {@code alarm}, {@code trip},
 * {@code hysteresis}, {@code delay}, {@code clearDelay}, {@code description}), authorization,
 * {@code mqtt.stateInterval}, {@code loop.overrunLogInterval}, and the descriptions of the pod, devices and pins
 * (with {@code highAddressesAreWire}, read only when the file is loaded); {@link #liveSettings()} lists them.
 * Everything else needs a restart: buses, devices and their points, GPIO pins, the loop period, the pod identity
 * and topic root, the broker connection, persistence, logging, safety settings, and adding, removing or
 * re-targeting a protection. A section or field this class does not know (added to the records later) counts as
 * needing a restart, so that a new setting is never assumed to apply live.
 *
 * <p>Immutable; computing it is pure and cheap (no I/O).
 *
 * @param changes every change, in section order (the order of {@link PodConfig}'s components), then by id
 */
public record ConfigDiff(List<Change> changes) {

    /** How an item of a section changed. */
    public enum Kind {
        /** Present only in the new configuration. */
        ADDED,
        /** Present only in the old configuration. */
        REMOVED,
        /** Present in both, with different values. */
        CHANGED
    }

    /** When a change can take effect. */
    public enum Effect {
        /** Between two loop cycles, without stopping anything. */
        HOT,
        /** Only when the controller restarts with the new file. */
        RESTART
    }

    /**
     * One change.
     *
     * @param section the {@link PodConfig} component, e.g. {@code protections}, or {@code gpio.inputs}
     * @param id      the id of the item within a list section (protection, device, bus, GPIO pin), or null for
     *                a section that is a single value ({@code loop}, {@code mqtt}, ...)
     * @param kind    added, removed or changed
     * @param fields  for {@link Kind#CHANGED}: the names of the fields that differ (record components), sorted
     * @param effect  whether it applies live or needs a restart
     */
    public record Change(String section, String id, Kind kind, List<String> fields, Effect effect) {
        public Change {
            Objects.requireNonNull(section, "section");
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(effect, "effect");
            fields = List.copyOf(fields);
        }

        /**
         * The settings this change touches, named as in {@link ConfigDiff#liveSettings()}: {@code section.field}
         * per differing field, or the section alone where the whole section applies live ({@code authorization}).
         * Empty for an added or removed item.
         */
        public List<String> settings() {
            return ConfigDiffer.settings(section, fields);
        }

        /** The setting one of this change's {@code fields} belongs to, named as in {@link #settings()}. */
        public String setting(String field) {
            return ConfigDiffer.settings(section, List.of(field)).get(0);
        }

        /** E.g. {@code protections 'cdu.flow.low' changed (alarm, trip): hot}. */
        @Override
        public String toString() {
            return section + (id == null ? "" : " '" + id + "'") + " " + kind.name().toLowerCase(Locale.ROOT)
                    + (fields.isEmpty() ? "" : " (" + String.join(", ", fields) + ")") + ": "
                    + effect.name().toLowerCase(Locale.ROOT);
        }
    }

    public ConfigDiff {
        changes = List.copyOf(changes);
    }

    /**
     * Every setting that applies live, as {@code section.field} ({@code protections.alarm},
     * {@code loop.overrunLogInterval}, {@code gpio.inputs.description}), or the section alone where the whole
     * section does ({@code authorization}). The running controller must apply each of them (or leave it, for the
     * descriptions no running part uses, to the file); its tests walk this set.
     */
    public static Set<String> liveSettings() {
        return ConfigDiffer.liveSettings();
    }

    /** The differences from {@code before} to {@code after}. */
    public static ConfigDiff between(PodConfig before, PodConfig after) {
        return new ConfigDiff(ConfigDiffer.diff(before, after));
    }

    /** True when the two configurations mean the same (the file may still differ in comments or layout). */
    public boolean isEmpty() {
        return changes.isEmpty();
    }

    /** True when at least one change takes effect only after a restart. */
    public boolean needsRestart() {
        return changes.stream().anyMatch(c -> c.effect() == Effect.RESTART);
    }

    /** True when there are changes and every one of them can be applied live. */
    public boolean isHotApplicable() {
        return !isEmpty() && !needsRestart();
    }

    /** The changes that need a restart. */
    public List<Change> restartChanges() {
        return changes.stream().filter(c -> c.effect() == Effect.RESTART).toList();
    }

    /** One line per change, for logs and events; "no changes" when empty. */
    public String summary() {
        return changes.isEmpty() ? "no changes"
                : changes.stream().map(Change::toString).collect(Collectors.joining("; "));
    }
}
