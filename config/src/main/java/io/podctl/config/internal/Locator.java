package io.podctl.config.internal;

import io.podctl.config.internal.YNode.Entry;
import io.podctl.config.internal.YNode.YMap;
import io.podctl.config.internal.YNode.YSeq;

/**
 * Finds where a value of the bound configuration was written, by its path in the (merged) tree: keys are
 * strings, list indexes are integers. A value that was left out (and defaulted) is located at the closest
 * enclosing thing that was written.
 */
public final class Locator {
    private final YNode root;

    /** A locator over a document. */
    public Locator(YNode root) {
        this.root = root;
    }

    /** Where the value at {@code path} starts, or its closest written ancestor. */
    public Loc value(Object... path) {
        YNode node = root;
        for (Object segment : path) {
            YNode next = child(node, segment);
            if (next == null) {
                return node.loc();
            }
            node = next;
        }
        return node.loc();
    }

    /** Where the key of the value at {@code path} is written, or its closest written ancestor. */
    public Loc key(Object... path) {
        YNode node = root;
        Loc last = root.loc();
        for (Object segment : path) {
            if (node instanceof YMap m && segment instanceof String k && m.entry(k) != null) {
                Entry e = m.entry(k);
                last = e.keyLoc();
                node = e.value();
            } else {
                YNode next = child(node, segment);
                if (next == null) {
                    return node.loc();
                }
                last = next.loc();
                node = next;
            }
        }
        return last;
    }

    /** True when the value at {@code path} was written in the file (or a profile). */
    public boolean isWritten(Object... path) {
        YNode node = root;
        for (Object segment : path) {
            node = child(node, segment);
            if (node == null) {
                return false;
            }
        }
        return true;
    }

    /** The node at {@code path}, or null. */
    public YNode node(Object... path) {
        YNode node = root;
        for (Object segment : path) {
            node = child(node, segment);
            if (node == null) {
                return null;
            }
        }
        return node;
    }

    private static YNode child(YNode node, Object segment) {
        if (node instanceof YMap m && segment instanceof String k) {
            return m.get(k);
        }
        if (node instanceof YSeq s && segment instanceof Integer i && i >= 0 && i < s.items().size()) {
            return s.items().get(i);
        }
        return null;
    }
}
