package io.tensorpool.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.tensorpool.SparkLineTest;
import io.tensorpool.config.PathOverlap;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The input, output and quarantine paths are compared on the file system, before Spark starts,
 * whatever their spelling: every pair, in every relation (the same place, one inside the other,
 * one containing the other), written relative, with {@code ./}, with {@code ..}, with a trailing
 * slash, as {@code file:} and {@code file:///} URIs, through a symlink to the folder and through
 * a symlinked parent. Each is refused with exit 2 and one line, and nothing on disk changes.
 */
@SparkLineTest
class PathOverlapCliTest {
    @TempDir
    Path temp;

    private Path root;
    private Path input;
    private Path output;
    private Path quarantine;
    private int links;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    /** Thrown by the session supplier: the command got past every check to the point of starting Spark. */
    private static final class ReachedSpark extends RuntimeException {
        private static final long serialVersionUID = 1L;
    }

    private static final Supplier<SparkSession> NO_SPARK = () -> fail("a path error must not start Spark");
    private static final Supplier<SparkSession> REACH_SPARK = () -> {
        throw new ReachedSpark();
    };

    @BeforeEach
    void layOut() throws IOException {
        root = temp.toRealPath();
        input = Files.createDirectories(root.resolve("i/in"));
        Files.write(input.resolve("part-0.parquet"), new byte[] {1, 2, 3, 4});
        output = Files.createDirectories(root.resolve("o/out"));
        Files.writeString(output.resolve(RunReport.FILE_NAME), "{}\n");
        quarantine = Files.createDirectories(root.resolve("q/bad"));
        Files.writeString(quarantine.resolve(RunReport.FILE_NAME), "{}\n");
    }

    /** How a test writes a path that names {@code base} plus {@code suffix}. */
    enum Spelling {
        RELATIVE, DOT_SLASH, DOT_DOT, TRAILING_SLASH, FILE_URI, FILE_URI_THREE_SLASHES, SYMLINK, SYMLINKED_PARENT
    }

    private String spell(Spelling spelling, Path base, String suffix) throws IOException {
        String relative = Path.of("").toAbsolutePath().relativize(base).toString();
        switch (spelling) {
            case RELATIVE:
                return relative + suffix;
            case DOT_SLASH:
                return "./" + relative + suffix;
            case DOT_DOT:
                return base.getParent() + "/elsewhere/../" + base.getFileName() + suffix;
            case TRAILING_SLASH:
                return relative + suffix + "/";
            case FILE_URI:
                return "file:" + base + suffix;
            case FILE_URI_THREE_SLASHES:
                return "file://" + base + suffix;
            case SYMLINK:
                return link(base) + suffix;
            default:
                return link(base.getParent()) + "/" + base.getFileName() + suffix;
        }
    }

    private Path link(Path target) throws IOException {
        Path folder = Files.createDirectories(root.resolve("links"));
        return Files.createSymbolicLink(folder.resolve("link" + links++), target);
    }

    private Path location(PathOverlap.Location location) {
        switch (location) {
            case INPUT:
                return input;
            case OUTPUT:
                return output;
            default:
                return quarantine;
        }
    }

    enum Relation {
        SAME, INSIDE, CONTAINS
    }

    static Stream<Arguments> everyPairRelationAndSpelling() {
        List<Arguments> cases = new ArrayList<>();
        for (PathOverlap pair : PathOverlap.values()) {
            for (Relation relation : Relation.values()) {
                for (Spelling spelling : Spelling.values()) {
                    cases.add(Arguments.of(pair, relation, spelling));
                }
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} {1} {2}")
    @MethodSource("everyPairRelationAndSpelling")
    void overlappingPathsAreRefusedBeforeSparkStartsAndNothingChanges(PathOverlap pair, Relation relation,
                                                                      Spelling spelling) throws IOException {
        Path other = location(pair.other());
        Path base = relation == Relation.CONTAINS ? other.getParent() : other;
        String suffix = relation == Relation.INSIDE ? "/sub" : "";
        String written = spell(spelling, base, suffix);
        Map<PathOverlap.Location, String> paths = new TreeMap<>(Map.of(
                PathOverlap.Location.INPUT, input.toString(), PathOverlap.Location.OUTPUT, output.toString()));
        if (pair.written() == PathOverlap.Location.QUARANTINE) {
            paths.put(PathOverlap.Location.QUARANTINE, quarantine.toString());
        }
        paths.put(pair.written(), written);
        Map<String, String> before = snapshot();

        assertEquals(2, run(config(paths)));

        String otherNamed = pair.other().key() + " " + other;
        String expected;
        switch (relation) {
            case SAME:
                expected = "it is the same place as " + otherNamed + " (" + uri(other) + "); write to another folder";
                break;
            case INSIDE:
                expected = "it is inside " + otherNamed + " (" + uri(other) + "/sub is inside " + uri(other) + "); "
                        + pair.insideWhy();
                break;
            default:
                expected = "it contains " + otherNamed + " (" + uri(base) + " contains " + uri(other) + "); "
                        + pair.containsWhy();
                break;
        }
        assertEquals("tensorpool: Cannot write " + pair.written().key() + " " + written + ": " + expected + "\n",
                stderr());
        assertEquals(before, snapshot(), "nothing on disk changed");
    }

    @Test
    void theMessageSaysWhichPlacesMeetAndWhatToDo() throws IOException {
        String relative = Path.of("").toAbsolutePath().relativize(input).toString();
        assertEquals(2, run(config(Map.of(PathOverlap.Location.INPUT, relative,
                PathOverlap.Location.OUTPUT, "./" + relative))));
        assertEquals("tensorpool: Cannot write output.path ./" + relative + ": it is the same place as input.path "
                + relative + " (file://" + input + "); write to another folder\n", stderr());
    }

    @Test
    void aQuarantineInsideANewOutputUnderASymlinkedParentIsRefused() throws IOException {
        Path fresh = root.resolve("o/fresh");
        String viaLink = link(root.resolve("o")) + "/fresh/rejected";
        assertEquals(2, run(config(Map.of(PathOverlap.Location.INPUT, input.toString(),
                PathOverlap.Location.OUTPUT, fresh.toString(), PathOverlap.Location.QUARANTINE, viaLink))));
        assertTrue(stderr().startsWith("tensorpool: Cannot write errors.quarantine_path " + viaLink + ": it is inside"
                + " output.path " + fresh + " (file://" + fresh + "/rejected is inside file://" + fresh + ");"),
                stderr());
        assertTrue(Files.notExists(fresh));
    }

    @Test
    void nearMissesAndSiblingsAreAllowed() throws IOException {
        Path a = Files.createDirectories(root.resolve("d/a"));
        Path ab = root.resolve("d/ab");
        String relative = Path.of("").toAbsolutePath().relativize(ab).toString();
        assertReachesSpark(Map.of(PathOverlap.Location.INPUT, a.toString(), PathOverlap.Location.OUTPUT, ab.toString()));
        assertReachesSpark(Map.of(PathOverlap.Location.INPUT, a.toString(), PathOverlap.Location.OUTPUT,
                "./" + relative));
        assertReachesSpark(Map.of(PathOverlap.Location.INPUT, ab.toString(), PathOverlap.Location.OUTPUT,
                a + "_pooled"));
        assertReachesSpark(Map.of(PathOverlap.Location.INPUT, input.toString(), PathOverlap.Location.OUTPUT,
                link(root.resolve("i")) + "/in_pooled", PathOverlap.Location.QUARANTINE, root.resolve("i/in_bad")
                        .toString()));
    }

    @Test
    void aGlobRefusesAnOutputItMatchesLiesInOrMayHold() throws IOException {
        Path folder = Files.createDirectories(root.resolve("g"));
        Files.write(folder.resolve("a.parquet"), new byte[] {1});
        String glob = folder + "/*.parquet";
        Map<String, String> before = snapshot();

        assertEquals(2, run(config(Map.of(PathOverlap.Location.INPUT, glob,
                PathOverlap.Location.OUTPUT, folder + "/b.parquet"))));
        assertEquals("tensorpool: Cannot write output.path " + folder + "/b.parquet: it is matched by input.path " + glob
                + " (file://" + glob + " matches file://" + folder + "/b.parquet); write to another folder\n", stderr());

        err.reset();
        String relativeFolder = "./" + Path.of("").toAbsolutePath().relativize(folder);
        assertEquals(2, run(config(Map.of(PathOverlap.Location.INPUT, glob, PathOverlap.Location.OUTPUT,
                relativeFolder))));
        assertTrue(stderr().startsWith("tensorpool: Cannot write output.path " + relativeFolder
                + ": it may contain what input.path " + glob + " matches"), stderr());

        err.reset();
        assertEquals(2, run(config(Map.of(PathOverlap.Location.INPUT, glob, PathOverlap.Location.OUTPUT,
                "file:" + folder + "/a.parquet/pooled"))));
        assertTrue(stderr().startsWith("tensorpool: Cannot write output.path file:" + folder + "/a.parquet/pooled"
                + ": it is inside what input.path " + glob + " matches"), stderr());
        assertEquals(before, snapshot());

        assertReachesSpark(Map.of(PathOverlap.Location.INPUT, glob, PathOverlap.Location.OUTPUT,
                folder + "/pooled"));
    }

    @Test
    void aGlobMatchThatIsASymlinkCountsWhereItPoints() throws IOException {
        Path folder = Files.createDirectories(root.resolve("g2"));
        Files.createSymbolicLink(folder.resolve("elsewhere"), root.resolve("o"));
        String glob = folder + "/*";
        assertEquals(2, run(config(Map.of(PathOverlap.Location.INPUT, glob,
                PathOverlap.Location.OUTPUT, output.toString()))));
        assertEquals("tensorpool: Cannot write output.path " + output + ": it is inside input.path " + glob
                + " (file://" + output + " is inside file://" + root.resolve("o") + "); a rerun would read its own"
                + " output, so write it outside the input folder\n", stderr());
    }

    @Test
    void anUnknownSchemeIsAConfigErrorNamingTheKey() throws IOException {
        assertEquals(2, run(config(Map.of(PathOverlap.Location.INPUT, input.toString(),
                PathOverlap.Location.OUTPUT, "nosuchfs://host/out"))));
        assertEquals("tensorpool: Cannot use output.path nosuchfs://host/out: this Spark has no file system for the"
                + " scheme nosuchfs:. Check the spelling of output.path, or add the file system's jar (such as"
                + " hadoop-aws for s3a:) with spark-submit's --packages or --jars\n", stderr());

        err.reset();
        assertEquals(2, run(config(Map.of(PathOverlap.Location.INPUT, "nosuchfs:/data/in",
                PathOverlap.Location.OUTPUT, output.toString()))));
        assertTrue(stderr().startsWith("tensorpool: Cannot use input.path nosuchfs:/data/in: this Spark has no file"
                + " system for the scheme nosuchfs:."), stderr());

        err.reset();
        assertEquals(2, run(config(Map.of(PathOverlap.Location.INPUT, input.toString(),
                PathOverlap.Location.OUTPUT, output.toString(), PathOverlap.Location.QUARANTINE, "s3a://bucket/bad"))));
        assertTrue(stderr().startsWith("tensorpool: Cannot use errors.quarantine_path s3a://bucket/bad: this Spark has"
                + " no file system for the scheme s3a:."), stderr());
        assertEquals(1, stderr().lines().count(), stderr());
    }

    @Test
    void aPathTheFileSystemCannotTakeIsAConfigError() throws IOException {
        assertEquals(2, run(config(Map.of(PathOverlap.Location.INPUT, input.toString(),
                PathOverlap.Location.OUTPUT, "file://host/out"))));
        assertEquals("tensorpool: Cannot use output.path file://host/out: it is not a valid path (Wrong FS:"
                + " file://host/out, expected: file:///); fix output.path\n", stderr());
    }

    private void assertReachesSpark(Map<PathOverlap.Location, String> paths) throws IOException {
        Path config = config(paths);
        assertThrows(ReachedSpark.class, () -> TensorPoolMain.run(new String[] {"run", "--config", config.toString()},
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                REACH_SPARK), stderr());
    }

    private int run(Path config) {
        return TensorPoolMain.run(new String[] {"run", "--config", config.toString()},
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                NO_SPARK);
    }

    private String stderr() {
        return err.toString(StandardCharsets.UTF_8);
    }

    private static String uri(Path path) {
        return "file://" + path;
    }

    private Path config(Map<PathOverlap.Location, String> paths) throws IOException {
        String quarantinePath = paths.get(PathOverlap.Location.QUARANTINE);
        String errors = quarantinePath == null ? ""
                : "errors: {on_bad_record: quarantine, quarantine_path: '" + quarantinePath + "'}\n";
        Path file = Files.createDirectories(root.resolve("conf")).resolve("job.yaml");
        Files.writeString(file, "input: {path: '" + paths.get(PathOverlap.Location.INPUT)
                + "', tensor: {column: x, shape: [4, 4]}}\n"
                + "ops: [{op: max_pool2d, kernel_size: 2}]\n"
                + "output: {path: '" + paths.get(PathOverlap.Location.OUTPUT) + "', mode: overwrite}\n" + errors);
        return file;
    }

    /** Every file and link below the test folder with a digest of its bytes, but the config itself. */
    private Map<String, String> snapshot() throws IOException {
        Map<String, String> files = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : (Iterable<Path>) walk::iterator) {
                if (p.startsWith(root.resolve("conf"))) {
                    continue;
                }
                String key = root.relativize(p).toString();
                if (Files.isSymbolicLink(p)) {
                    files.put(key, "-> " + Files.readSymbolicLink(p));
                } else if (Files.isRegularFile(p)) {
                    files.put(key, sha256(Files.readAllBytes(p)));
                } else {
                    files.put(key, "/");
                }
            }
        }
        return files;
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
