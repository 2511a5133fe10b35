package io.tensorpool.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/**
 * Reads YAML text into a Jackson tree with Jackson's streaming YAML parser, building the tree
 * itself rather than with {@code ObjectMapper.readTree}, because that would:
 * <ul>
 *   <li>turn an alias ({@code *name}) into the string {@code "name"} without a word;</li>
 *   <li>report a duplicate key without its key path;</li>
 *   <li>forget the line each value came from.</li>
 * </ul>
 * Words such as {@code yes}, {@code no}, {@code on}, {@code off} stay strings (YAML 1.2), so that
 * {@code ceil_mode: yes} is an error and a column named {@code on} stays a name; an empty value
 * ({@code key:}) is null.
 */
final class YamlTreeReader {

    private static final YAMLFactory FACTORY = YAMLFactory.builder()
            .enable(YAMLParser.Feature.EMPTY_STRING_AS_NULL)
            .enable(YAMLParser.Feature.PARSE_BOOLEAN_LIKE_WORDS_AS_STRINGS)
            .build();

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final YAMLParser parser;
    private final Map<KeyPath, Integer> lines = new HashMap<>();

    private YamlTreeReader(YAMLParser parser) {
        this.parser = parser;
    }

    /**
     * Reads one YAML document. An empty document (or one of only comments) gives a {@code null}
     * root.
     *
     * @throws ConfigProblem for invalid YAML (with line and column), a duplicate key, an alias or
     *     a second document
     */
    static YamlDocument read(String text) {
        try (YAMLParser parser = (YAMLParser) FACTORY.createParser(stripByteOrderMark(text))) {
            YamlTreeReader reader = new YamlTreeReader(parser);
            JsonToken first = parser.nextToken();
            JsonNode root = first == null ? null : reader.readValue(KeyPath.ROOT, first);
            if (root != null && parser.nextToken() != null) {
                throw new ConfigProblem(null, "the file holds a second YAML document " + at(parser.currentTokenLocation())
                        + " (after ---); put the whole config in one document");
            }
            return new YamlDocument(root, Map.copyOf(reader.lines));
        } catch (JsonProcessingException e) {
            throw syntaxProblem(e);
        } catch (IOException e) {
            throw new ConfigProblem(null, "cannot be read as YAML: " + oneLine(e.getMessage()), null, e);
        }
    }

    private JsonNode readValue(KeyPath path, JsonToken token) throws IOException {
        if (parser.isCurrentAlias()) {
            throw new ConfigProblem(path, "is the YAML alias *" + parser.getText()
                    + "; aliases are not supported, write the value out", lineOf(parser.currentTokenLocation()), null);
        }
        switch (token) {
            case START_OBJECT:
                return readMapping(path);
            case START_ARRAY:
                return readSequence(path);
            case VALUE_STRING:
                return NODES.textNode(parser.getText());
            case VALUE_NUMBER_INT:
                switch (parser.getNumberType()) {
                    case INT:
                        return NODES.numberNode(parser.getIntValue());
                    case LONG:
                        return NODES.numberNode(parser.getLongValue());
                    default:
                        return NODES.numberNode(parser.getBigIntegerValue());
                }
            case VALUE_NUMBER_FLOAT:
                return NODES.numberNode(parser.getDoubleValue());
            case VALUE_TRUE:
                return NODES.booleanNode(true);
            case VALUE_FALSE:
                return NODES.booleanNode(false);
            case VALUE_NULL:
                return NODES.nullNode();
            default:
                throw new ConfigProblem(path, "holds a YAML value of a kind the config does not use (" + token
                        + "); write a plain scalar, list or mapping", lineOf(parser.currentTokenLocation()), null);
        }
    }

    private ObjectNode readMapping(KeyPath path) throws IOException {
        ObjectNode mapping = NODES.objectNode();
        for (JsonToken token = parser.nextToken(); token != JsonToken.END_OBJECT; token = parser.nextToken()) {
            String key = parser.currentName();
            KeyPath keyPath = path.key(key);
            int line = parser.currentTokenLocation().getLineNr();
            if (key.equals("<<")) {
                throw new ConfigProblem(keyPath, "is a YAML merge key; merge keys are not supported,"
                        + " write the keys out", "line " + line, null);
            }
            if (mapping.has(key)) {
                throw new ConfigProblem(keyPath, "is given twice; keep one",
                        "lines " + lines.get(keyPath) + " and " + line, null);
            }
            lines.put(keyPath, line);
            mapping.set(key, readValue(keyPath, parser.nextToken()));
        }
        return mapping;
    }

    private ArrayNode readSequence(KeyPath path) throws IOException {
        ArrayNode sequence = NODES.arrayNode();
        for (JsonToken token = parser.nextToken(); token != JsonToken.END_ARRAY; token = parser.nextToken()) {
            KeyPath itemPath = path.index(sequence.size());
            lines.put(itemPath, parser.currentTokenLocation().getLineNr());
            sequence.add(readValue(itemPath, token));
        }
        return sequence;
    }

    /**
     * A syntax error as one line with its line and column. SnakeYAML's own message spans several
     * lines (context, a copy of the offending line and a caret), so only its problem is kept.
     */
    private static ConfigProblem syntaxProblem(JsonProcessingException e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof MarkedYAMLException marked && marked.getProblem() != null) {
                Mark mark = marked.getProblemMark() != null ? marked.getProblemMark() : marked.getContextMark();
                String where = mark == null ? at(e.getLocation())
                        : "at line " + (mark.getLine() + 1) + ", column " + (mark.getColumn() + 1);
                return new ConfigProblem(null, "invalid YAML " + where + ": " + explain(marked.getProblem()), null, e);
            }
        }
        return new ConfigProblem(null, "invalid YAML " + at(e.getLocation()) + ": " + oneLine(e.getOriginalMessage())
                + "; check the indentation and quoting there", null, e);
    }

    private static String explain(String problem) {
        if (problem.contains("\\t")) {
            return "a tab character; YAML indents with spaces only";
        }
        return oneLine(problem) + "; check the indentation and quoting there";
    }

    /** {@code at line L, column C}, or {@code somewhere} when the parser does not know. */
    private static String at(JsonLocation location) {
        if (location == null || location.getLineNr() < 1) {
            return "somewhere";
        }
        return "at line " + location.getLineNr() + ", column " + location.getColumnNr();
    }

    private static String lineOf(JsonLocation location) {
        return location == null || location.getLineNr() < 1 ? null : "line " + location.getLineNr();
    }

    private static String oneLine(String text) {
        if (text == null) {
            return "unknown error";
        }
        int newline = text.indexOf('\n');
        return (newline < 0 ? text : text.substring(0, newline)).strip();
    }

    private static String stripByteOrderMark(String text) {
        return text.startsWith("\uFEFF") ? text.substring(1) : text;
    }
}
