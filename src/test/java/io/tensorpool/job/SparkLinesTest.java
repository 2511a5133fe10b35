package io.tensorpool.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The Spark lines are named alike everywhere: the profiles of pom.xml, its spark.lines list, the
 * scripts' list and profile names (scripts/lib/common.sh), the README's table, and CI, which
 * builds and tests every one.
 */
class SparkLinesTest {
    private static final String DEFAULT_LINE = "4.2_2.13";

    @Test
    void everyLineHasOneProfileAndTheScriptsKnowThemAll() throws IOException {
        String pom = Files.readString(Path.of("pom.xml"));
        Map<String, String> profiles = lineProfiles(pom);
        List<String> lines = new ArrayList<>(profiles.keySet());
        lines.add(DEFAULT_LINE);
        lines.sort(null);
        assertEquals(lines, List.of(property(pom, "spark.lines").split(",")), "pom.xml's spark.lines");
        assertEquals(DEFAULT_LINE, property(pom, "spark.line"), "the default build's line");

        String common = Files.readString(Path.of("scripts/lib/common.sh"));
        Matcher list = Pattern.compile("TENSORPOOL_LINES=\\((.*?)\\)").matcher(common);
        assertTrue(list.find(), "common.sh lists the lines");
        assertEquals(lines, Arrays.asList(list.group(1).trim().split("\\s+")));
        assertTrue(common.contains("TENSORPOOL_DEFAULT_LINE=" + DEFAULT_LINE), "common.sh's default line");
        for (Map.Entry<String, String> line : profiles.entrySet()) {
            assertTrue(common.contains("    " + line.getKey() + ") echo " + line.getValue() + " ;;"),
                    "common.sh builds " + line.getKey() + " with -P" + line.getValue());
        }
    }

    @Test
    void theReadmeTableAndCiCoverEveryLine() throws IOException {
        Map<String, String> profiles = lineProfiles(Files.readString(Path.of("pom.xml")));
        String readme = Files.readString(Path.of("README.md"));
        String ci = Files.readString(Path.of(".ci/run"));
        for (Map.Entry<String, String> line : profiles.entrySet()) {
            assertTrue(readme.contains("| `mvn -B -P" + line.getValue() + " package` | `target/tensorpool-spark"
                    + line.getKey() + ".jar` |"), "the README's row for " + line.getKey());
            assertTrue(ci.contains(" " + line.getValue() + " "), ".ci/run builds and tests " + line.getValue());
        }
        assertTrue(readme.contains("| `mvn -B package` | `target/tensorpool-spark" + DEFAULT_LINE + ".jar`"),
                "the README's row for the default line");
    }

    /** Each spark-* profile's line, in the pom's order: line to profile id. */
    private static Map<String, String> lineProfiles(String pom) {
        Map<String, String> lines = new LinkedHashMap<>();
        Matcher profile = Pattern.compile("<id>(spark-[^<]+)</id>\\s*<properties>(.*?)</properties>", Pattern.DOTALL)
                .matcher(pom);
        while (profile.find()) {
            lines.put(property(profile.group(2), "spark.line"), profile.group(1));
        }
        assertEquals(4, lines.size(), "four profiles besides the default line: " + lines);
        return lines;
    }

    private static String property(String xml, String name) {
        Matcher value = Pattern.compile("<" + Pattern.quote(name) + ">([^<]*)</").matcher(xml);
        assertTrue(value.find(), name + " is set");
        return value.group(1).trim();
    }
}
