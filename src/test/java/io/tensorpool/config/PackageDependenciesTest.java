package io.tensorpool.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The config package is the vocabulary: the tensor codecs and the job depend on its enums, never
 * the other way round, so that there is no cycle and the config loads without either. Spark and
 * Scala are kept out by {@code kernel.NoSparkImportTest}.
 */
class PackageDependenciesTest {
    @Test
    void configNamesNeitherTheCodecsNorTheJob() throws IOException {
        Path dir = Path.of("src/main/java/io/tensorpool/config");
        assertTrue(Files.isDirectory(dir), "run from the project root: " + dir.toAbsolutePath());
        List<String> offending = new ArrayList<>();
        int files = 0;
        try (Stream<Path> sources = Files.list(dir)) {
            for (Path source : (Iterable<Path>) sources.filter(p -> p.toString().endsWith(".java"))::iterator) {
                files++;
                List<String> lines = Files.readAllLines(source);
                for (int i = 0; i < lines.size(); i++) {
                    String line = lines.get(i);
                    if (line.contains("io.tensorpool.tensor") || line.contains("io.tensorpool.job")) {
                        offending.add(source.getFileName() + ":" + (i + 1) + ": " + line.strip());
                    }
                }
            }
        }
        assertTrue(files >= 10, "found the sources");
        assertEquals(List.of(), offending);
    }
}
