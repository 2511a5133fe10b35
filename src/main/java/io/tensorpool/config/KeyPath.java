package io.tensorpool.config;

import java.util.ArrayList;
import java.util.List;

/**
 * The location of a value in the config tree, written as users write it: {@code input.path},
 * {@code ops[0].kernel_size}. Segments are keys ({@code String}) or list indices ({@code Integer}).
 */
final class KeyPath {

    static final KeyPath ROOT = new KeyPath(List.of());

    private final List<Object> segments;

    private KeyPath(List<Object> segments) {
        this.segments = segments;
    }

    static KeyPath of(String key) {
        return ROOT.key(key);
    }

    KeyPath key(String key) {
        return append(key);
    }

    KeyPath index(int index) {
        return append(index);
    }

    private KeyPath append(Object segment) {
        List<Object> longer = new ArrayList<>(segments);
        longer.add(segment);
        return new KeyPath(List.copyOf(longer));
    }

    List<Object> segments() {
        return segments;
    }

    boolean isRoot() {
        return segments.isEmpty();
    }

    /** The path without its last segment. */
    KeyPath parent() {
        return new KeyPath(segments.subList(0, Math.max(0, segments.size() - 1)));
    }

    /** True when this path is {@code other} or lies below it. */
    boolean startsWith(KeyPath other) {
        return other.segments.size() <= segments.size()
                && segments.subList(0, other.segments.size()).equals(other.segments);
    }

    /**
     * Parses a dotted key path with list indices, e.g. {@code ops[1].ceil_mode}. Keys are letters,
     * digits, {@code _} and {@code -}, so that a misspelled key still parses and is then reported
     * with its nearest valid spelling.
     *
     * @throws IllegalArgumentException saying what is malformed
     */
    static KeyPath parse(String text) {
        if (text.isEmpty()) {
            throw new IllegalArgumentException("the key is empty");
        }
        List<Object> parsed = new ArrayList<>();
        int i = 0;
        boolean expectKey = true;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (expectKey) {
                int start = i;
                while (i < text.length() && isKeyChar(text.charAt(i))) {
                    i++;
                }
                if (i == start) {
                    throw new IllegalArgumentException("the key " + text + " has " + describe(text, i)
                            + " where a key name should be");
                }
                parsed.add(text.substring(start, i));
                expectKey = false;
            } else if (c == '.') {
                i++;
                expectKey = true;
            } else if (c == '[') {
                int close = text.indexOf(']', i);
                if (close < 0) {
                    throw new IllegalArgumentException("the key " + text + " has an unclosed [");
                }
                String digits = text.substring(i + 1, close);
                if (!digits.matches("[0-9]{1,9}")) {
                    throw new IllegalArgumentException("the key " + text + " has [" + digits
                            + "] where a list index such as [0] should be");
                }
                parsed.add(Integer.parseInt(digits));
                i = close + 1;
            } else {
                throw new IllegalArgumentException("the key " + text + " has " + describe(text, i)
                        + " after " + text.substring(0, i));
            }
        }
        if (expectKey) {
            throw new IllegalArgumentException("the key " + text + " ends with a dot");
        }
        return new KeyPath(List.copyOf(parsed));
    }

    private static boolean isKeyChar(char c) {
        return c == '_' || c == '-' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    }

    private static String describe(String text, int at) {
        return at >= text.length() ? "nothing" : "'" + text.charAt(at) + "'";
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof KeyPath path && path.segments.equals(segments);
    }

    @Override
    public int hashCode() {
        return segments.hashCode();
    }

    @Override
    public String toString() {
        StringBuilder text = new StringBuilder();
        for (Object segment : segments) {
            if (segment instanceof Integer index) {
                text.append('[').append(index).append(']');
            } else {
                if (text.length() > 0) {
                    text.append('.');
                }
                text.append(segment);
            }
        }
        return text.toString();
    }
}
