package io.tensorpool.job;

import static io.tensorpool.job.JobTestSupport.spark;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tensorpool.BuildFolder;
import io.tensorpool.SparkLineTest;
import io.tensorpool.tensor.ImageBombs;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Images whose header claims more pixels than the executor can hold (a 13,000 x 13,000 RGB PNG of
 * about 500 KB, and a JPEG whose frame header claims the same), among good ones, in a job JVM
 * whose heap is too small to decode them: under {@code on_bad_record: skip} the run succeeds
 * and counts them as {@code image_too_large}, in {@code encoded} cells and in an
 * {@code image_files} folder alike. Decoding either would allocate a 507 MB raster, more than
 * the job's 640 MB heap has free, and end the JVM (Spark's exit 52).
 */
@SparkLineTest
class ImageBombTest {
    @TempDir
    static Path temp;

    private static final int GOOD = 3;
    private static List<byte[]> images;

    @BeforeAll
    static void makeImages() throws IOException {
        images = new ArrayList<>();
        for (int i = 0; i < GOOD; i++) {
            BufferedImage image = new BufferedImage(32 + i, 24, BufferedImage.TYPE_3BYTE_BGR);
            image.setRGB(i, i, 0xFF8040);
            ByteArrayOutputStream png = new ByteArrayOutputStream();
            ImageIO.write(image, "png", png);
            images.add(png.toByteArray());
        }
        images.add(ImageBombs.blackPng(13_000, 13_000, 3));
        images.add(ImageBombs.jpegClaiming(13_000, 13_000));
    }

    @Test
    void imagesTooLargeInEncodedCellsAreSkipped() throws Exception {
        Path input = temp.resolve("encoded.parquet");
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < images.size(); i++) {
            rows.add(RowFactory.create(i, images.get(i)));
        }
        spark().createDataFrame(rows, new StructType().add("id", DataTypes.IntegerType).add("png", DataTypes.BinaryType))
                .coalesce(1).write().parquet(input.toString());
        JsonNode report = runInSmallHeap("encoded", """
                input: {path: %s, tensor: {column: png, layout: encoded}}
                ops: [{op: max_pool2d, kernel_size: 2}]
                output: {path: unused}
                errors: {on_bad_record: skip, max_bad_fraction: 0.5}
                """.formatted(input));
        assertCounts(report);
    }

    @Test
    void imagesTooLargeInAnImageFolderAreSkipped() throws Exception {
        Path folder = Files.createDirectories(temp.resolve("folder"));
        for (int i = 0; i < GOOD; i++) {
            Files.write(folder.resolve("good-" + i + ".png"), images.get(i));
        }
        Files.write(folder.resolve("bomb.png"), images.get(GOOD));
        Files.write(folder.resolve("bomb.jpg"), images.get(GOOD + 1));
        JsonNode report = runInSmallHeap("folder", """
                input: {path: %s, format: image_files}
                ops: [{op: max_pool2d, kernel_size: 2}]
                output: {path: unused}
                errors: {on_bad_record: skip, max_bad_fraction: 0.5}
                """.formatted(folder));
        assertCounts(report);
    }

    private static void assertCounts(JsonNode report) {
        assertEquals(GOOD + 2, report.get("records_in").asLong(), report.toString());
        assertEquals(GOOD, report.get("records_out").asLong(), report.toString());
        assertEquals(Map.of("image_too_large", 2), new ObjectMapper().convertValue(report.get("bad_records_by_reason"),
                Map.class), report.toString());
    }

    /** Runs the job in its own JVM with a 640 MB heap and one task thread; returns its run report. */
    private static JsonNode runInSmallHeap(String name, String yaml) throws Exception {
        Path folder = Files.createDirectories(temp.resolve(name + "-run"));
        Path config = folder.resolve("job.yaml");
        Files.writeString(config, yaml);
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-Xmx640m"));
        command.addAll(List.of(System.getProperty("tensorpool.jvm.flags", "").trim().split("\\s+")));
        command.addAll(List.of("-Dspark.master=local[1]", "-Dspark.ui.enabled=false", "-Dspark.driver.host=127.0.0.1",
                "-Dspark.driver.bindAddress=127.0.0.1", "-cp", BuildFolder.jobClasspath(), TensorPoolMain.class.getName(),
                "run", "--config", config.toString(), "--output", folder.resolve("out").toString()));
        command.removeIf(String::isEmpty);
        ChildRun job = ChildRun.of(command, folder);
        assertEquals(0, job.exitCode(), () -> "exit code; the job's stderr ends:\n" + tail(job.stderr()));
        List<String> lines = job.stdout().lines().toList();
        return new ObjectMapper().readTree(lines.get(lines.size() - 1));
    }

    private static String tail(String text) {
        List<String> lines = text.lines().toList();
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
    }
}
