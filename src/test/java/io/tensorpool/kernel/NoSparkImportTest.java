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
 * Keeps Spark and Scala out of the pure packages: the kernel (and the config layer, once it
 * exists) must run and be tested without a Spark classpath. Scans the sources for imports.
 */
class NoSparkImportTest {
    private static final Pattern FORBIDDEN = Pattern.compile(
            "^\\s*import\\s+(static\\s+)?(org\\.apache\\.spark|scala)\\b.*$", Pattern.MULTILINE);

    private static Path sourceRoot() {
        String basedir = System.getProperty("basedir", System.getProperty("user.dir"));
        return Paths.get(basedir, "src", "main", "java", "io", "tensorpool");
    }

    @Test
    void kernelAndConfigSourcesDoNotImportSparkOrScala() throws IOException {
        Path kernel = sourceRoot().resolve("kernel");
        assertTrue(Files.isDirectory(kernel), "kernel sources not found at " + kernel);
        List<Path> sources = new ArrayList<>(javaFiles(kernel));
        assertTrue(sources.size() >= 10, "expected the kernel sources under " + kernel + ", found " + sources.size());
        Path config = sourceRoot().resolve("config");
        if (Files.isDirectory(config)) {
            sources.addAll(javaFiles(config));
        }
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

    private static List<Path> javaFiles(Path folder) throws IOException {
        try (Stream<Path> walk = Files.walk(folder)) {
            return walk.filter(p -> p.toString().endsWith(".java")).toList();
        }
    }
}
