package io.tensorpool.kernel;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the golden JSON file into plain Java values: {@code Map}, {@code List}, {@code String},
 * {@code Boolean}, {@code null}, and {@link Num} for numbers. Numbers keep their literal text so
 * that a float32 value is parsed straight into a float (no detour through double) and
 * {@code -0.0} keeps its sign.
 */
final class GoldenFile {

    /** A JSON number as written in the file. */
    record Num(String text) {
    }

    private GoldenFile() {
    }

    static Object read(String resource) {
        try (InputStream in = GoldenFile.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("resource " + resource + " is not on the test classpath");
            }
            try (JsonParser parser = new JsonFactory().createParser(in)) {
                parser.nextToken();
                return value(parser);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Object value(JsonParser parser) throws IOException {
        JsonToken token = parser.currentToken();
        switch (token) {
            case START_OBJECT: {
                Map<String, Object> map = new LinkedHashMap<>();
                while (parser.nextToken() != JsonToken.END_OBJECT) {
                    String name = parser.currentName();
                    parser.nextToken();
                    map.put(name, value(parser));
                }
                return map;
            }
            case START_ARRAY: {
                List<Object> list = new ArrayList<>();
                while (parser.nextToken() != JsonToken.END_ARRAY) {
                    list.add(value(parser));
                }
                return list;
            }
            case VALUE_STRING:
                return parser.getText();
            case VALUE_NUMBER_INT:
            case VALUE_NUMBER_FLOAT:
                return new Num(parser.getText());
            case VALUE_TRUE:
                return Boolean.TRUE;
            case VALUE_FALSE:
                return Boolean.FALSE;
            case VALUE_NULL:
                return null;
            default:
                throw new IllegalStateException("unexpected JSON token " + token);
        }
    }

    /** A float32 value: a number, or the strings NaN, Infinity, -Infinity. */
    static float toFloat(Object value) {
        if (value instanceof Num num) {
            return Float.parseFloat(num.text());
        }
        return Float.parseFloat(special((String) value));
    }

    /** A float64 value: a number, or the strings NaN, Infinity, -Infinity. */
    static double toDouble(Object value) {
        if (value instanceof Num num) {
            return Double.parseDouble(num.text());
        }
        return Double.parseDouble(special((String) value));
    }

    private static String special(String text) {
        if (text.equals("NaN") || text.equals("Infinity") || text.equals("-Infinity")) {
            return text;
        }
        throw new IllegalArgumentException("not a float literal: " + text);
    }

    static int toInt(Object value) {
        return Integer.parseInt(((Num) value).text());
    }

    static long toLong(Object value) {
        return Long.parseLong(((Num) value).text());
    }
}
