package io.tensorpool.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The key table against what users read: every key of every section is in the README's example
 * config under its own section, and every operator's parameters are in the README's table of
 * operators. A key added to {@link ConfigKeys} without its documentation fails here.
 */
class ConfigKeysTest {

    private static final Pattern YAML_KEY = Pattern.compile("^( *)(?:# ?)?([a-z_]+):");

    private static String readme() throws IOException {
        return Files.readString(Path.of("README.md"));
    }

    /** The README's example config: the first {@code yaml} block after "## The config file". */
    private static List<String> exampleConfig() throws IOException {
        String readme = readme();
        int section = readme.indexOf("## The config file");
        int start = readme.indexOf("```yaml\n", section) + "```yaml\n".length();
        int end = readme.indexOf("```", start);
        return readme.substring(start, end).lines().toList();
    }

    /** Every {@code section.key} the example config writes or shows commented out. */
    private static Set<String> documentedKeys() throws IOException {
        Set<String> keys = new HashSet<>();
        List<String> open = new ArrayList<>(); // the sections enclosing the current line, by depth
        for (String line : exampleConfig()) {
            Matcher key = YAML_KEY.matcher(line);
            if (!key.find()) {
                continue;
            }
            int depth = key.group(1).length() / 2;
            while (open.size() > depth) {
                open.remove(open.size() - 1);
            }
            if (open.size() == depth) {
                keys.add(String.join(".", open).isEmpty() ? key.group(2) : String.join(".", open) + "." + key.group(2));
                open.add(key.group(2));
            }
        }
        return keys;
    }

    @Test
    void everySectionKeyIsInTheReadmeExampleConfig() throws IOException {
        Set<String> documented = documentedKeys();
        List<String> missing = new ArrayList<>();
        for (ConfigSection section : List.of(ConfigKeys.INPUT, ConfigKeys.TENSOR, ConfigKeys.OUTPUT, ConfigKeys.ERRORS)) {
            for (ConfigKey<?> key : section.keys()) {
                if (!documented.contains(key.path())) {
                    missing.add(key.path());
                }
            }
        }
        assertEquals(List.of(), missing, "keys missing from the README's example config (found " + documented + ")");
    }

    @Test
    void everyOperatorParameterIsInTheReadmeTableOfOperators() throws IOException {
        List<String> rows = readme().lines().filter(line -> line.startsWith("| `")).toList();
        for (OpKind<?> kind : OpKind.ALL) {
            String row = rows.stream().filter(line -> line.split("\\|")[1].contains("`" + kind.opName() + "`"))
                    .findFirst().orElse(null);
            assertTrue(row != null, "no README row for " + kind.opName());
            for (String parameter : kind.parameters()) {
                assertTrue(row.contains("`" + parameter + "`"), kind.opName() + "'s row lacks " + parameter + ": " + row);
            }
        }
    }

    @Test
    void keyPathsNameTheirSection() {
        assertEquals("output.compression", ConfigKeys.OUTPUT_COMPRESSION.path());
        assertEquals("input.tensor.dim_order", ConfigKeys.TENSOR_DIM_ORDER.path());
        assertEquals(KeyPath.of("errors").key("quarantine_path"), ConfigKeys.QUARANTINE_PATH.keyPath());
        assertEquals(List.of("input", "ops", "outputs", "output", "errors"), ConfigKeys.ROOT.names());
    }
}
