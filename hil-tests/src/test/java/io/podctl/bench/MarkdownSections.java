package io.podctl.bench;

/**
 * Replaces one second-level section ({@code ## Heading}) of a Markdown document and leaves every other section
 * as it was, so that several generators (and people) can share one file such as docs/benchmarks.md.
 */
final class MarkdownSections {
    private MarkdownSections() {
    }

    /**
     * The document with the section under {@code heading} (a line such as {@code ## HIL figures}) replaced by
     * {@code section}, which must start with that heading line. The old section runs to the next line that starts
     * a second-level heading ({@code "## "}) or to the end. Without such a section, {@code section} is appended;
     * a blank document becomes {@code title} followed by the section.
     *
     * @param title the first line of a new document, e.g. {@code # Benchmarks}
     */
    static String replace(String document, String heading, String section, String title) {
        if (!section.startsWith(heading + "\n")) {
            throw new IllegalArgumentException("the section must start with its heading line '" + heading + "'");
        }
        String body = section.endsWith("\n") ? section : section + "\n";
        String doc = document.replace("\r\n", "\n");
        if (doc.isBlank()) {
            return title + "\n\n" + body;
        }
        int start = findLine(doc, heading, 0);
        if (start < 0) {
            String sep = doc.endsWith("\n\n") ? "" : doc.endsWith("\n") ? "\n" : "\n\n";
            return doc + sep + body;
        }
        int end = nextSecondLevelHeading(doc, start + heading.length());
        String after = end < 0 ? "" : doc.substring(end);
        return doc.substring(0, start) + body + (after.isEmpty() ? "" : "\n" + after);
    }

    /** Offset of the line equal to {@code line} (ignoring trailing spaces), or -1. */
    private static int findLine(String doc, String line, int from) {
        int pos = from;
        while (pos < doc.length()) {
            int eol = doc.indexOf('\n', pos);
            String l = doc.substring(pos, eol < 0 ? doc.length() : eol);
            if (l.stripTrailing().equals(line)) {
                return pos;
            }
            if (eol < 0) {
                break;
            }
            pos = eol + 1;
        }
        return -1;
    }

    /** Offset of the first line after {@code from} that starts with "## ", or -1; fenced code is skipped. */
    private static int nextSecondLevelHeading(String doc, int from) {
        int pos = doc.indexOf('\n', from);
        boolean fenced = false;
        while (pos >= 0 && pos + 1 < doc.length()) {
            int lineStart = pos + 1;
            int eol = doc.indexOf('\n', lineStart);
            String l = doc.substring(lineStart, eol < 0 ? doc.length() : eol);
            if (l.startsWith("```")) {
                fenced = !fenced;
            } else if (!fenced && l.startsWith("## ")) {
                return lineStart;
            }
            pos = eol;
        }
        return -1;
    }
}
