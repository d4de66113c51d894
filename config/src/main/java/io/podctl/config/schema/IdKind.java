package io.podctl.config.schema;

/** The kinds of names a pod file gives things, each with its characters and its length bound (see {@link Names}). */
public enum IdKind {
    /** Site, pod, bus, device and profile names, and references to buses and profiles. */
    SIMPLE(Names.SIMPLE_ID, Names.SIMPLE_ID_HINT, Names.SIMPLE_ID_MAX),
    /** Point, GPIO, protection, voting group, effect and permissive ids. */
    DOTTED(Names.DOTTED_ID, Names.DOTTED_ID_HINT, Names.DOTTED_ID_MAX),
    /** A reference to a pod-wide point ({@code {device}.{point}}), a GPIO id, a voting group or an effect. */
    REF(Names.POINT_REF, Names.POINT_REF_HINT, Names.POINT_REF_MAX),
    /** Who may send commands (the last level of a command topic). */
    IDENTITY(Names.IDENTITY, Names.IDENTITY_HINT, Names.IDENTITY_MAX),
    /** An MQTT client id. */
    CLIENT_ID(Names.TOPIC_LEVEL, Names.TOPIC_LEVEL_HINT, Names.CLIENT_ID_MAX),
    /** A Sparkplug group id (one topic level). */
    GROUP(Names.TOPIC_LEVEL, Names.TOPIC_LEVEL_HINT, Names.SIMPLE_ID_MAX);

    private final String regex;
    private final String hint;
    private final int maxLength;

    IdKind(String regex, String hint, int maxLength) {
        this.regex = regex;
        this.hint = hint;
        this.maxLength = maxLength;
    }

    /** The characters, as a regular expression that must match the whole name. */
    public String regex() {
        return regex;
    }

    /** What a valid name looks like, in words. */
    public String hint() {
        return hint;
    }

    /** Most characters. */
    public int maxLength() {
        return maxLength;
    }
}
