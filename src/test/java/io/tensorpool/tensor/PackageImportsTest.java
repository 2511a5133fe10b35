package io.tensorpool.tensor;

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
 * The codecs run inside Spark tasks but must not depend on Spark: no Spark or Scala imports in
 * {@code io.tensorpool.tensor}. The adapters to Spark's own values live apart, in
 * {@code io.tensorpool.tensor.spark}, which this test does not scan.
 */
class PackageImportsTest {

    @Test
    void codecsImportNeitherSparkNorScala() throws IOException {
        Path dir = Path.of("src/main/java/io/tensorpool/tensor");
        assertTrue(Files.isDirectory(dir), "run from the project root: " + dir.toAbsolutePath());
        List<String> offending = new ArrayList<>();
        int files = 0;
        try (Stream<Path> sources = Files.list(dir)) {
            for (Path source : (Iterable<Path>) sources.filter(p -> p.toString().endsWith(".java"))::iterator) {
                files++;
                for (String line : Files.readAllLines(source)) {
                    String l = line.strip();
                    if (l.startsWith("import ") && (l.contains("org.apache.spark") || l.contains(" scala."))) {
                        offending.add(source.getFileName() + ": " + l);
                    }
                }
            }
        }
        assertTrue(files >= 10, "found the sources");
        assertEquals(List.of(), offending);
    }
}
