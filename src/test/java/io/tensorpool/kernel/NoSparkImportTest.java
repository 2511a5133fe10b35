package io.tensorpool.kernel;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Keeps Spark and Scala out of the pure packages: the kernel, the config layer and the tensor
 * codecs (which run inside Spark tasks but must not depend on Spark) run and are tested without a
 * Spark classpath. Scans the sources for imports. The codecs' adapters to Spark's own values live
 * apart, in {@code io.tensorpool.tensor.spark}, which is not scanned.
 */
class NoSparkImportTest {
    private static final Pattern FORBIDDEN = Pattern.compile(
            "^\\s*import\\s+(static\\s+)?(org\\.apache\\.spark|scala)\\b.*$", Pattern.MULTILINE);

    private static Path sourceRoot() {
        String basedir = System.getProperty("basedir", System.getProperty("user.dir"));
        return Paths.get(basedir, "src", "main", "java", "io", "tensorpool");
    }

    @Test
    void kernelConfigAndCodecSourcesDoNotImportSparkOrScala() throws IOException {
        List<Path> sources = new ArrayList<>();
        sources.addAll(javaFiles(sourceRoot().resolve("kernel"), Integer.MAX_VALUE));
        sources.addAll(javaFiles(sourceRoot().resolve("config"), Integer.MAX_VALUE));
        sources.addAll(javaFiles(sourceRoot().resolve("tensor"), 1)); // not tensor/spark
        List<String> offences = new ArrayList<>();
        for (Path source : sources) {
            Matcher matcher = FORBIDDEN.matcher(Files.readString(source, StandardCharsets.UTF_8));
            while (matcher.find()) {
                offences.add(source + ": " + matcher.group().trim());
            }
        }
        assertTrue(offences.isEmpty(), "Spark or Scala imported where it must not be:\n" + String.join("\n", offences));
    }

    @Test
    void thePatternCatchesWhatItShould() {
        assertTrue(FORBIDDEN.matcher("import org.apache.spark.sql.Row;").find());
        assertTrue(FORBIDDEN.matcher("  import static org.apache.spark.sql.functions.col;").find());
        assertTrue(FORBIDDEN.matcher("import scala.Tuple2;").find());
        assertTrue(!FORBIDDEN.matcher("import scalability.Thing;").find());
        assertTrue(!FORBIDDEN.matcher("// see org.apache.spark.ml.feature.DCT").find());
    }

    /** The Java sources in {@code folder}, {@code depth} levels down; at least 10, or the scan is looking in the wrong place. */
    private static List<Path> javaFiles(Path folder, int depth) throws IOException {
        assertTrue(Files.isDirectory(folder), "sources not found at " + folder);
        try (Stream<Path> walk = Files.walk(folder, depth)) {
            List<Path> files = walk.filter(p -> p.toString().endsWith(".java")).toList();
            assertTrue(files.size() >= 10, "expected the sources under " + folder + ", found " + files.size());
            return files;
        }
    }
}
