package io.podctl.config.schema;

/**
 * Regular expressions and length bounds for the names a pod file gives things (ids, and references to them).
 *
 * <p>Why these bounds: identifiers end up as MQTT topic levels ({@code {root}/points/{device}.{point}},
 * {@code {root}/alarms/{protection}}, {@code {root}/cmd/{command}/{identity}}), as file names (a profile is
 * {@code NAME.yaml}; a name must also stay a safe file name for whoever stores or exports per-point data), as
 * Sparkplug metric names, and they must stay usable as Prometheus label values for whoever scrapes them. A file
 * name holds at most 255 bytes on the usual Linux file systems; the command intake refuses topics over 256 bytes
 * (the root, {@code /cmd/}, a command and a 64-character identity must fit); label values have no hard limit, but
 * long ones make dashboards unreadable and series expensive. So ids use ASCII letters, digits, '-' and '_' only
 * (one byte each, valid in every one of those places, never an MQTT wildcard or level separator, never a path
 * separator), a device or bus id at most {@value #SIMPLE_ID_MAX} characters and a point, GPIO, protection or
 * effect id at most {@value #DOTTED_ID_MAX}, so that a pod-wide point id {@code {device}.{point}} stays within
 * {@value #POINT_REF_MAX} and every topic podctl builds from them far below the broker's and the intake's bounds.
 */
public final class Names {
    /** Most characters of a {@link #SIMPLE_ID}: site, pod, bus, device and profile names. */
    public static final int SIMPLE_ID_MAX = 32;
    /** Most characters of a {@link #DOTTED_ID}: point, GPIO, protection, group, effect and permissive ids. */
    public static final int DOTTED_ID_MAX = 64;
    /** Most characters of a {@link #POINT_REF}: a device id, a dot and a point id. */
    public static final int POINT_REF_MAX = SIMPLE_ID_MAX + 1 + DOTTED_ID_MAX;
    /** Most characters of an {@link #IDENTITY}, the command intake's bound. */
    public static final int IDENTITY_MAX = 64;
    /**
     * Most characters of the resolved MQTT topic root: with {@code /cmd/}, the longest command name and a
     * 64-character identity it stays below the command intake's 256-byte topic bound.
     */
    public static final int TOPIC_ROOT_MAX = 128;
    /** Most characters of an MQTT client id (it may appear as a topic level in a broker ACL, {@code %c}). */
    public static final int CLIENT_ID_MAX = 128;

    /** Site, pod, bus and device ids: one topic level, no dots (dots separate device and point ids). */
    public static final String SIMPLE_ID = "[A-Za-z0-9_-]+";
    /** Point, GPIO and protection ids: dot-separated simple ids, e.g. {@code leak.rack1}. */
    public static final String DOTTED_ID = "[A-Za-z0-9_-]+(\\.[A-Za-z0-9_-]+)*";
    /** A reference to a pod-wide point ({@code {device}.{point}}), a GPIO id, a voting group or an effect. */
    public static final String POINT_REF = DOTTED_ID;
    /** Who sends commands: the last level of a command topic, as the command intake accepts it. */
    public static final String IDENTITY = "[A-Za-z0-9._@-]+";
    /** One MQTT topic level of a name podctl builds topics from: no wildcard, separator, space or '$'. */
    public static final String TOPIC_LEVEL = "[A-Za-z0-9._-]+";
    /** Words for {@link #SIMPLE_ID}. */
    public static final String SIMPLE_ID_HINT = "letters, digits, '-' and '_' only (it is used in MQTT topics)";
    /** Words for {@link #DOTTED_ID}. */
    public static final String DOTTED_ID_HINT =
            "letters, digits, '-' and '_', in parts separated by single dots (it is used in MQTT payloads)";
    /** Words for {@link #POINT_REF}. */
    public static final String POINT_REF_HINT =
            "an id: letters, digits, '-' and '_', in parts separated by single dots";
    /** Words for {@link #IDENTITY}. */
    public static final String IDENTITY_HINT = "letters, digits, '.', '_', '@' and '-' only (it is a topic level)";
    /** Words for {@link #TOPIC_LEVEL}. */
    public static final String TOPIC_LEVEL_HINT = "letters, digits, '.', '_' and '-' only (it is used in MQTT topics)";

    private Names() {
    }
}
