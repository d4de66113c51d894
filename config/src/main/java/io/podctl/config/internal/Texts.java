package io.podctl.config.internal;

/**
 * How messages show what the user wrote: whole when it is short, else its beginning and its length, so that a
 * megabyte-long value never becomes a megabyte-long message; control characters are escaped, so that a message
 * stays one line. Pure.
 */
public final class Texts {
    /** Longest text shown whole. */
    static final int SHOWN = 40;
    /** Characters shown of a longer text. */
    private static final int HEAD = 24;

    private Texts() {
    }

    /** {@code 'text'}, or {@code 'beginning…' (N characters)} when longer than {@value #SHOWN}. */
    public static String quote(String text) {
        if (text.length() <= SHOWN) {
            return "'" + escape(text) + "'";
        }
        return "'" + escape(text.substring(0, cut(text))) + "…' (" + text.length() + " characters)";
    }

    /** The text unquoted, shortened like {@link #quote}: for numbers and other unquoted echoes. */
    public static String clip(String text) {
        if (text.length() <= SHOWN) {
            return escape(text);
        }
        return escape(text.substring(0, cut(text))) + "… (" + text.length() + " characters)";
    }

    /** Where to cut: after {@value #HEAD} characters, never inside a surrogate pair. */
    private static int cut(String text) {
        return Character.isHighSurrogate(text.charAt(HEAD - 1)) ? HEAD - 1 : HEAD;
    }

    private static String escape(String text) {
        StringBuilder sb = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c >= 0x20 && c != 0x7F) {
                if (sb != null) {
                    sb.append(c);
                }
                continue;
            }
            if (sb == null) {
                sb = new StringBuilder(text.length() + 8).append(text, 0, i);
            }
            switch (c) {
                case '\n' -> sb.append("\\n");
                case '\t' -> sb.append("\\t");
                case '\r' -> sb.append("\\r");
                default -> sb.append(String.format("\\u%04X", (int) c));
            }
        }
        return sb == null ? text : sb.toString();
    }
}
