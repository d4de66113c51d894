package io.podctl.controller.console;

import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The console's files as class-path resources under one prefix (the {@code podctl-console} jar puts the built
 * page under {@link #CONSOLE}). Resolves request paths strictly: only plain file names of known types, never a
 * directory, never a step outside the prefix.
 *
 * @param loader where the resources are
 * @param prefix resource prefix ending in {@code /}, e.g. {@code io/podctl/console/web/}
 */
public record WebRoot(ClassLoader loader, String prefix) {
    /** The built console, as packaged by the {@code console} module. */
    public static final WebRoot CONSOLE = new WebRoot(WebRoot.class.getClassLoader(), "io/podctl/console/web/");

    /** One path segment: letters, digits, '.', '_' and '-', not starting with a dot. */
    private static final Pattern SEGMENT = Pattern.compile("[A-Za-z0-9_-][A-Za-z0-9._-]{0,127}");
    private static final int MAX_SEGMENTS = 8;

    public WebRoot {
        if (!prefix.endsWith("/") || prefix.startsWith("/")) {
            throw new IllegalArgumentException("prefix must be relative and end with '/': " + prefix);
        }
    }

    /** A file found under the root: its bytes and content type. */
    public record File(byte[] bytes, String contentType) {
    }

    /**
     * The file a decoded request path names, or empty when it names nothing servable: {@code /} is
     * {@code index.html}; every segment must be a plain name (no {@code ..}, no hidden files, no empty segments),
     * and the last one must have an extension of {@link ContentTypes}.
     */
    public Optional<File> resolve(String path) throws IOException {
        String relative = relativeName(path);
        if (relative == null) {
            return Optional.empty();
        }
        String type = ContentTypes.of(relative);
        if (type == null) {
            return Optional.empty();
        }
        try (InputStream in = loader.getResourceAsStream(prefix + relative)) {
            return in == null ? Optional.empty() : Optional.of(new File(in.readAllBytes(), type));
        }
    }

    /** Whether the built page is there (the {@code podctl-console} jar is on the class path). */
    public boolean present() {
        return loader.getResource(prefix + "index.html") != null;
    }

    /** The resource name under the prefix for a request path, or null when the path is not a plain file name. */
    static String relativeName(String path) {
        if (path == null || !path.startsWith("/")) {
            return null;
        }
        if (path.equals("/")) {
            return "index.html";
        }
        String[] segments = path.substring(1).split("/", -1);
        if (segments.length > MAX_SEGMENTS) {
            return null;
        }
        for (String s : segments) {
            if (!SEGMENT.matcher(s).matches() || s.contains("..")) {
                return null;
            }
        }
        return String.join("/", segments);
    }
}
