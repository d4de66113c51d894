package io.podctl.config.internal;

import io.podctl.config.ConfigDiff.Change;
import io.podctl.config.ConfigDiff.Effect;
import io.podctl.config.ConfigDiff.Kind;
import io.podctl.config.PodConfig;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * Computes {@link io.podctl.config.ConfigDiff}: compares the records section by section, list sections item by
 * item by id, and classifies each change with the table of fields that apply live. Pure.
 */
public final class ConfigDiffer {
    /**
     * Fields that apply live, per section; a section absent here is compared whole. A field not listed needs a
     * restart, so that fields added to the records later are never assumed to apply live.
     */
    private static final Map<String, Set<String>> HOT_FIELDS = Map.of(
            "pod", Set.of("description"),
            "loop", Set.of("overrunLogInterval"),
            "mqtt", Set.of("stateInterval"),
            // highAddressesAreWire only silences a load-time warning.
            "devices", Set.of("description", "highAddressesAreWire"),
            "gpio.inputs", Set.of("description"),
            "gpio.outputs", Set.of("description"),
            "protections", Set.of("warning", "alarm", "trip", "hysteresis", "delay", "clearDelay", "description"));
    /** Sections that apply live as a whole. */
    private static final Set<String> HOT_SECTIONS = Set.of("authorization");
    /** List sections whose items have ids, and the path to their list. */
    private static final Set<String> LISTS_BY_ID = Set.of("buses", "devices", "protections");

    private ConfigDiffer() {
    }

    /**
     * Every setting that applies live: {@code section.field} for the fields of {@link #HOT_FIELDS}, the section
     * alone for {@link #HOT_SECTIONS}. Sorted.
     */
    public static Set<String> liveSettings() {
        Set<String> out = new TreeSet<>(HOT_SECTIONS);
        HOT_FIELDS.forEach((section, fields) -> fields.forEach(f -> out.add(section + "." + f)));
        return out;
    }

    /** The live settings a change of {@code fields} in {@code section} touches, named as in {@link #liveSettings}. */
    public static List<String> settings(String section, List<String> fields) {
        if (HOT_SECTIONS.contains(section)) {
            return List.of(section);
        }
        return fields.stream().map(f -> section + "." + f).toList();
    }

    /** The changes from {@code before} to {@code after}. */
    public static List<Change> diff(PodConfig before, PodConfig after) {
        List<Change> out = new ArrayList<>();
        for (RecordComponent rc : PodConfig.class.getRecordComponents()) {
            String section = rc.getName();
            Object a = get(rc, before);
            Object b = get(rc, after);
            if (Objects.equals(a, b)) {
                continue;
            }
            if (LISTS_BY_ID.contains(section)) {
                byId(section, (List<?>) a, (List<?>) b, out);
            } else if (section.equals("gpio")) {
                byId("gpio.inputs", before.gpio().inputs(), after.gpio().inputs(), out);
                byId("gpio.outputs", before.gpio().outputs(), after.gpio().outputs(), out);
                if (!Objects.equals(before.gpio().remote(), after.gpio().remote())) {
                    out.add(new Change("gpio", null, Kind.CHANGED, List.of("remote"), Effect.RESTART));
                }
            } else if (HOT_SECTIONS.contains(section)) {
                out.add(new Change(section, null, Kind.CHANGED, differingFields(a, b), Effect.HOT));
            } else {
                List<String> fields = differingFields(a, b);
                out.add(new Change(section, null, Kind.CHANGED, fields, effect(section, fields)));
            }
        }
        return out;
    }

    private static void byId(String section, List<?> before, List<?> after, List<Change> out) {
        Map<String, Object> old = index(before);
        Map<String, Object> now = index(after);
        Set<String> ids = new TreeSet<>(old.keySet());
        ids.addAll(now.keySet());
        for (String id : ids) {
            Object a = old.get(id);
            Object b = now.get(id);
            if (a == null) {
                out.add(new Change(section, id, Kind.ADDED, List.of(), Effect.RESTART));
            } else if (b == null) {
                out.add(new Change(section, id, Kind.REMOVED, List.of(), Effect.RESTART));
            } else if (!a.equals(b)) {
                List<String> fields = differingFields(a, b);
                out.add(new Change(section, id, Kind.CHANGED, fields, effect(section, fields)));
            }
        }
    }

    private static Effect effect(String section, List<String> fields) {
        Set<String> hot = HOT_FIELDS.getOrDefault(section, Set.of());
        return !fields.isEmpty() && hot.containsAll(fields) ? Effect.HOT : Effect.RESTART;
    }

    /** Items by their {@code id} component, in list order; a valid configuration has no duplicate ids. */
    private static Map<String, Object> index(List<?> items) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (Object item : items) {
            out.putIfAbsent(String.valueOf(component(item, "id")), item);
        }
        return out;
    }

    /** The record components whose values differ, sorted; empty for values that are not records. */
    private static List<String> differingFields(Object a, Object b) {
        if (a == null || b == null || !a.getClass().isRecord() || a.getClass() != b.getClass()) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        for (RecordComponent rc : a.getClass().getRecordComponents()) {
            if (!Objects.equals(get(rc, a), get(rc, b))) {
                out.add(rc.getName());
            }
        }
        out.sort(null);
        return out;
    }

    private static Object component(Object record, String name) {
        for (RecordComponent rc : record.getClass().getRecordComponents()) {
            if (rc.getName().equals(name)) {
                return get(rc, record);
            }
        }
        throw new IllegalArgumentException(record.getClass().getSimpleName() + " has no " + name);
    }

    private static Object get(RecordComponent rc, Object record) {
        Method m = rc.getAccessor();
        try {
            return m.invoke(record);
        } catch (IllegalAccessException | InvocationTargetException e) {
            // Accessors of public records are public and plain getters; neither can happen.
            throw new IllegalStateException("cannot read " + rc.getName(), e);
        }
    }
}
