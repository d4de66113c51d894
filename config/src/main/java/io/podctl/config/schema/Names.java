package io.podctl.config.schema;

/** Regular expressions for names that end up in MQTT topics and point ids. */
public final class Names {
    /** Site, pod, bus and device ids: one topic level, no dots (dots separate device and point ids). */
    public static final String SIMPLE_ID = "[A-Za-z0-9_-]+";
    /** Point, GPIO and protection ids: dot-separated simple ids, e.g. {@code leak.rack1}. */
    public static final String DOTTED_ID = "[A-Za-z0-9_-]+(\\.[A-Za-z0-9_-]+)*";
    /** Words for {@link #SIMPLE_ID}. */
    public static final String SIMPLE_ID_HINT = "letters, digits, '-' and '_' only (it is used in MQTT topics)";
    /** Words for {@link #DOTTED_ID}. */
    public static final String DOTTED_ID_HINT =
            "letters, digits, '-' and '_', in parts separated by single dots (it is used in MQTT payloads)";

    private Names() {
    }
}
