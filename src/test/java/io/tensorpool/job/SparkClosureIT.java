package io.tensorpool.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tensorpool.BuildFolder;
import io.tensorpool.job.sparkline.BuiltLine;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged jar of the line under test runs with nothing on the classpath but spark-sql's own
 * dependency closure, as a cluster that ships only Spark gives it: everything else the job needs
 * (the YAML parser and its Jackson) travels inside the jar, relocated. Without that, a line whose
 * spark-sql does not bring jackson-dataformat-yaml (3.5, 4.0, 4.1) fails at start-up with
 * {@code NoClassDefFoundError: com/fasterxml/jackson/dataformat/yaml/YAMLFactory}.
 */
class SparkClosureIT {
    private static final String LINE = System.getProperty("tensorpool.spark.line");
    private static final Path JAR = Path.of("target/tensorpool-spark" + LINE + ".jar");

    @TempDir
    Path temp;

    @Test
    void theSparkClasspathIsSparkSqlsClosureWithNothingFromTestScope() throws IOException {
        List<String> jars = sparkClasspath();
        String scala = LINE.substring(LINE.indexOf('_') + 1);
        assertTrue(jars.stream().anyMatch(j -> fileName(j).matches("spark-sql_" + scala + "-" + Pattern.quote(
                sparkVersion()) + "\\.jar")), "spark-sql of the line: " + jars);
        for (String jar : jars) {
            assertTrue(Files.isRegularFile(Path.of(jar)), jar);
            for (String testOnly : testScopeArtifacts()) {
                assertFalse(fileName(jar).startsWith(testOnly + "-"), jar + " is a test-scope dependency");
            }
        }
    }

    @Test
    void theJarCarriesItsLibrariesRelocatedAndNothingUnrelocated() throws IOException {
        try (ZipFile zip = new ZipFile(JAR.toFile())) {
            assertTrue(zip.getEntry("io/tensorpool/shaded/com/fasterxml/jackson/dataformat/yaml/YAMLFactory.class")
                    != null, "the relocated YAML parser");
            assertTrue(zip.getEntry("io/tensorpool/shaded/com/fasterxml/jackson/databind/ObjectMapper.class") != null,
                    "the relocated Jackson it builds on");
            List<String> foreign = zip.stream().map(e -> e.getName())
                    .filter(n -> !n.startsWith("io/tensorpool/") && !n.startsWith("META-INF/") && !n.equals("io/"))
                    .toList();
            assertEquals(List.of(), foreign, "classes outside io/tensorpool would meet the cluster's own copies");
            assertTrue(zip.stream().noneMatch(e -> e.getName().startsWith("META-INF/versions/")),
                    "no unrelocated multi-release variants");
        }
    }

    @Test
    void theJarRunsAConfigWithOnlySparkSqlsClosure() throws Exception {
        Path out = temp.resolve("pooled");
        ChildRun result = launch(List.of(), out);
        assertEquals(0, result.exitCode(), result.stderr());
        JsonNode report = new ObjectMapper().readTree(result.stdout());
        assertEquals(64, report.get("records_out").asLong());
        assertEquals(sparkVersion(), report.get("spark_version").asText(), "ran on the line's Spark");
        assertTrue(Files.exists(out.resolve(RunReport.FILE_NAME)));
    }

    @Test
    void onAnotherSparkLineTheJobStopsBeforeSparkStartsAndNamesTheJarThatFits() throws Exception {
        // Spark's own version file, shadowed by one that says 3.4.4: a line no build exists for.
        Path shadow = Files.createDirectories(temp.resolve("spark-3.4"));
        Files.writeString(shadow.resolve("spark-version-info.properties"), "version=3.4.4\n");
        Path out = temp.resolve("refused");
        ChildRun result = launch(List.of(shadow.toString()), out);
        assertEquals(2, result.exitCode(), result.stderr());
        List<String> errors = result.stderr().lines().filter(l -> l.startsWith("tensorpool: ")).toList();
        assertEquals(1, errors.size(), result.stderr());
        assertTrue(errors.get(0).startsWith("tensorpool: Cannot run on Spark 3.4.4 with Scala "), errors.get(0));
        assertTrue(errors.get(0).contains("this jar is built for Spark " + sparkVersion()), errors.get(0));
        assertEquals(errors, result.stderr().lines().filter(l -> !l.startsWith("WARNING: Using incubator")).toList(),
                "Spark never started, so it logged nothing");
        assertFalse(Files.exists(out));
    }

    /** Runs conf/images-pipeline.yaml with the jar, {@code first} and spark-sql's closure as the classpath. */
    private ChildRun launch(List<String> first, Path out) throws IOException, InterruptedException {
        List<String> classpath = new ArrayList<>(first);
        classpath.add(JAR.toString());
        classpath.addAll(sparkClasspath());
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString()));
        command.addAll(List.of(System.getProperty("tensorpool.jvm.flags", "").trim().split("\\s+")));
        command.addAll(List.of("-Xmx1g", "-Dspark.master=local[1]", "-Dspark.ui.enabled=false",
                "-Dspark.driver.host=127.0.0.1", "-Dspark.driver.bindAddress=127.0.0.1",
                "-Dlog4j2.configurationFile=conf/log4j2.properties", "-cp", String.join(":", classpath),
                "io.tensorpool.job.TensorPoolMain", "run", "--config", "conf/images-pipeline.yaml",
                "--output", out.toString()));
        command.removeIf(String::isEmpty);
        return ChildRun.of(command, temp);
    }

    private static List<String> sparkClasspath() throws IOException {
        return List.of(Files.readString(BuildFolder.resolve("spark-classpath.txt")).trim().split(":"));
    }

    /** The Spark version the line is built against: spark-sql's version in the pom's profile of the line. */
    private static String sparkVersion() {
        return BuiltLine.current().sparkVersion();
    }

    /** The artifactIds of pom.xml's test-scope dependencies. */
    private static List<String> testScopeArtifacts() throws IOException {
        Matcher dependency = Pattern.compile("<dependency>\\s*<groupId>[^<]+</groupId>\\s*<artifactId>([^<]+)"
                + "</artifactId>(?:(?!</dependency>).)*<scope>test</scope>", Pattern.DOTALL)
                .matcher(Files.readString(Path.of("pom.xml")));
        List<String> ids = new ArrayList<>();
        while (dependency.find()) {
            ids.add(dependency.group(1));
        }
        assertTrue(ids.contains("junit-jupiter"), "found the test dependencies: " + ids);
        return ids;
    }

    private static String fileName(String path) {
        return Path.of(path).getFileName().toString();
    }
}
