package io.tensorpool.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Command-line changes to the config file, applied in the order given to the YAML tree before it
 * is bound, so that an overridden value is checked exactly like one written in the file; the last
 * change to a key wins.
 * <ul>
 *   <li>{@code --input PATH}, {@code --output PATH}, {@code --mode MODE}: set {@code input.path},
 *       {@code output.path}, {@code output.mode} to the value as a literal string;</li>
 *   <li>{@code --set key=value}: {@code key} is a dotted path with list indices
 *       ({@code output.mode}, {@code ops[0].kernel_size}); {@code value} is read as YAML, so
 *       {@code 3}, {@code true}, {@code null}, {@code [2, 2]} and {@code {op: max_pool2d, kernel_size: 2}}
 *       are typed values, an empty value is null, and a string that YAML would read otherwise
 *       must be quoted ({@code 'input.path="*.parquet"'}). A key absent from the file is added;
 *       a list index must exist.</li>
 * </ul>
 * Immutable: each {@code with...} returns a new instance.
 */
public final class ConfigOverrides {

    /** One change: where, the new value, and the flag that asked for it (for messages). */
    record Change(KeyPath path, JsonNode value, String flag, String argument) {

        /** How the change was asked for, e.g. {@code --set output.mode=overwrite}. */
        String label() {
            return flag + " " + argument;
        }
    }

    private static final ConfigOverrides NONE = new ConfigOverrides(List.of());

    private final List<Change> changes;

    private ConfigOverrides(List<Change> changes) {
        this.changes = changes;
    }

    /** No overrides: the file as written. */
    public static ConfigOverrides none() {
        return NONE;
    }

    /** {@code --input PATH}: replaces {@code input.path}. */
    public ConfigOverrides withInput(String path) {
        return with(new Change(ConfigKeys.INPUT_PATH.keyPath(), literal(path), "--input", path));
    }

    /** {@code --output PATH}: replaces {@code output.path}. */
    public ConfigOverrides withOutput(String path) {
        return with(new Change(ConfigKeys.OUTPUT_PATH.keyPath(), literal(path), "--output", path));
    }

    /** {@code --mode MODE}: replaces {@code output.mode}; checked like the file's value. */
    public ConfigOverrides withMode(String mode) {
        return with(new Change(ConfigKeys.OUTPUT_MODE.keyPath(), literal(mode), "--mode", mode));
    }

    /**
     * {@code --set key=value}: sets any key. The key path and the YAML value are checked here;
     * whether the key exists in the config is checked when the overrides are applied.
     *
     * @throws ConfigException for a missing {@code =}, a malformed key path or a value that is not YAML
     */
    public ConfigOverrides withSet(String assignment) {
        Objects.requireNonNull(assignment, "assignment");
        int equals = assignment.indexOf('=');
        if (equals < 0) {
            throw new ConfigException("Cannot parse --set " + assignment + ": expected key=value,"
                    + " e.g. --set output.mode=overwrite");
        }
        String key = assignment.substring(0, equals).strip();
        String value = assignment.substring(equals + 1);
        KeyPath path;
        try {
            path = KeyPath.parse(key);
        } catch (IllegalArgumentException e) {
            throw new ConfigException("Cannot parse --set " + assignment + ": " + e.getMessage()
                    + "; write keys as output.mode or ops[0].kernel_size", e);
        }
        return with(new Change(path, yamlValue(assignment, key, value), "--set", assignment));
    }

    private static JsonNode yamlValue(String assignment, String key, String value) {
        try {
            JsonNode node = YamlTreeReader.read(value).root();
            return node == null ? JsonNodeFactory.instance.nullNode() : node;
        } catch (ConfigProblem e) {
            throw new ConfigException("Cannot parse --set " + assignment + ": the value is not valid YAML;"
                    + " quote it, e.g. --set '" + key + "=\"" + value.replace("\"", "\\\"") + "\"'", e);
        }
    }

    private static JsonNode literal(String value) {
        return JsonNodeFactory.instance.textNode(Objects.requireNonNull(value, "value"));
    }

    private ConfigOverrides with(Change change) {
        List<Change> longer = new ArrayList<>(changes);
        longer.add(change);
        return new ConfigOverrides(List.copyOf(longer));
    }

    List<Change> changes() {
        return changes;
    }

    public boolean isEmpty() {
        return changes.isEmpty();
    }

    /** The overrides as command-line arguments, in order, e.g. {@code [--mode, overwrite, --set, a=b]}. */
    public List<String> asArguments() {
        List<String> arguments = new ArrayList<>();
        for (Change change : changes) {
            arguments.add(change.flag());
            arguments.add(change.argument());
        }
        return List.copyOf(arguments);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ConfigOverrides overrides && overrides.asArguments().equals(asArguments());
    }

    @Override
    public int hashCode() {
        return asArguments().hashCode();
    }

    @Override
    public String toString() {
        return String.join(" ", asArguments());
    }
}
