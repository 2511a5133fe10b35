package io.tensorpool.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Strict conversion of YAML values to Java values. Nothing is coerced: {@code "3"} is not an int,
 * {@code 2.0} is not an int, {@code "true"} is not a boolean. Every rejection names the value as
 * written and what is expected.
 */
final class Values {

    private static final int MAX_SHOWN = 60;

    private Values() {
    }

    /** A non-blank string. */
    static String text(JsonNode node, KeyPath path, String expected) {
        if (node.isTextual() && !node.asText().isBlank()) {
            return node.asText();
        }
        if (node.isTextual()) {
            throw new ConfigProblem(path, "is empty; expected " + expected);
        }
        if (node.isNumber() || node.isBoolean()) {
            // YAML reads a bare 2024 or true as a number or boolean; quotes make it text
            throw new ConfigProblem(path, "is " + show(node) + ", not text; expected " + expected
                    + "; quote it (\"" + node.asText() + "\") to use it as text");
        }
        throw wrong(node, path, expected);
    }

    static boolean bool(JsonNode node, KeyPath path) {
        if (node.isBoolean()) {
            return node.booleanValue();
        }
        throw wrong(node, path, "true or false");
    }

    /** An int, or {@code null} if the node is not an int that fits Java's {@code int}. */
    static Integer intOrNull(JsonNode node) {
        return node.isIntegralNumber() && node.canConvertToInt() ? node.intValue() : null;
    }

    /** A number (int or float), or {@code null} if the node is not one. */
    static Double numberOrNull(JsonNode node) {
        return node.isNumber() ? node.doubleValue() : null;
    }

    /** One of the constants of {@code type}, by one of its {@link ConfigEnum#acceptedNames()}. */
    static <E extends Enum<E> & ConfigEnum> E choice(JsonNode node, KeyPath path, Class<E> type) {
        E[] constants = type.getEnumConstants();
        List<String> names = new ArrayList<>();
        for (E constant : constants) {
            names.add(constant.configName());
        }
        String expected = "one of " + String.join(", ", names);
        if (!node.isTextual()) {
            throw wrong(node, path, expected);
        }
        for (E constant : constants) {
            if (constant.acceptedNames().contains(node.asText())) {
                return constant;
            }
        }
        Optional<String> nearest = Suggestions.nearest(node.asText(), names);
        throw new ConfigProblem(path, "is " + show(node) + "; expected " + expected
                + nearest.map(name -> "; did you mean " + name + "?").orElse(""));
    }

    /**
     * The problem "{@code path} is VALUE; expected WHAT", with a hint when a quoted value would
     * have been right without its quotes.
     */
    static ConfigProblem wrong(JsonNode node, KeyPath path, String expected) {
        String hint = node.isTextual() && looksLikeYamlValue(node.asText()) ? "; write it without quotes" : "";
        return new ConfigProblem(path, "is " + show(node) + kind(node) + "; expected " + expected + hint);
    }

    /** What a value is when that is not plain from how it is shown, e.g. {@code "3" (a string)}. */
    private static String kind(JsonNode node) {
        if (node.isTextual()) {
            return " (a string)";
        }
        if (node.isObject()) {
            return " (a mapping)";
        }
        return "";
    }

    private static boolean looksLikeYamlValue(String text) {
        return text.matches("-?[0-9]+(\\.[0-9]*)?([eE][-+]?[0-9]+)?|true|false|null|\\[.*]");
    }

    /** The value as a user would write it in flow style, shortened to keep messages to one line. */
    static String show(JsonNode node) {
        String shown = render(node);
        return shown.length() <= MAX_SHOWN ? shown : shown.substring(0, MAX_SHOWN - 3) + "...";
    }

    private static String render(JsonNode node) {
        if (node == null || node.isMissingNode() || node.isNull()) {
            return "null";
        }
        if (node.isTextual()) {
            return node.toString(); // JSON-quoted and escaped, so a newline cannot break the line
        }
        if (node.isArray()) {
            List<String> items = new ArrayList<>();
            node.forEach(item -> items.add(render(item)));
            return "[" + String.join(", ", items) + "]";
        }
        if (node.isObject()) {
            List<String> entries = new ArrayList<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> entry = it.next();
                entries.add(entry.getKey() + ": " + render(entry.getValue()));
            }
            return "{" + String.join(", ", entries) + "}";
        }
        return node.asText();
    }
}
