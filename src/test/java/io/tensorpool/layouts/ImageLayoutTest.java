package io.tensorpool.layouts;

import static io.tensorpool.layouts.Jobs.assertQuarantined;
import static io.tensorpool.layouts.Jobs.rejected;
import static io.tensorpool.layouts.Jobs.rows;
import static io.tensorpool.layouts.Jobs.run;
import static io.tensorpool.layouts.Jobs.spark;
import static io.tensorpool.layouts.Jobs.str;
import static io.tensorpool.layouts.Jobs.yaml;
import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tensorpool.SparkLineTest;
import io.tensorpool.config.JobConfig;
import io.tensorpool.job.RunReport;
import io.tensorpool.kernel.Tensor;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code image} layout: Spark's image struct ({@code spark.read.format("image")}, HWC, BGR(A),
 * uint8) saved to Parquet with the file's origin beside it, pooled in RGB and in BGR order and
 * compared with the pixels the test drew into the PNG files. A file the image source cannot
 * decode becomes an invalid row ({@code mode -1}), which is a bad record.
 */
@SparkLineTest
class ImageLayoutTest {
    @TempDir
    static Path temp;

    /** The pictures by file name. */
    private static final Map<String, BufferedImage> PICTURES = new HashMap<>();
    private static Path images;

    @BeforeAll
    static void writeImagesAndReadThemWithTheImageSource() throws IOException {
        Random random = new Random(41);
        PICTURES.put("rgb.png", Pictures.random(random, 7, 5, 3));
        PICTURES.put("gray.png", Pictures.random(random, 6, 4, 1));
        PICTURES.put("rgba.png", Pictures.random(random, 4, 6, 4));
        Path folder = Files.createDirectories(temp.resolve("pictures"));
        for (Map.Entry<String, BufferedImage> e : PICTURES.entrySet()) {
            Files.write(folder.resolve(e.getKey()), Pictures.png(e.getValue()));
        }
        Files.writeString(folder.resolve("broken.png"), "these bytes are not an image");

        Dataset<Row> source = SparkImageSource.load(spark(), folder.toString());
        images = temp.resolve("images.parquet");
        source.select(col("image.origin").as("origin"), col("image")).write().parquet(images.toString());
    }

    private static String name(Row row) {
        String origin = row.getString(row.fieldIndex("origin"));
        return origin.substring(origin.lastIndexOf('/') + 1);
    }

    private static void compare(JobConfig config, boolean bgr, List<Row> written) {
        assertEquals(3, written.size());
        for (Row row : written) {
            Tensor drawn = Pictures.chw(PICTURES.get(name(row)), bgr);
            Expect.listCell(Expect.pooled(config, drawn), row, "image", "shape");
        }
    }

    /**
     * RGB order (the default): each picture pooled as the kernels pool the pixels drawn, gray as
     * one channel, RGBA as four; the invalid row is set aside as {@code invalid_image} with a
     * message naming the column and mode -1.
     */
    @Test
    void rgbOrderAndTheInvalidRowIsABadRecord() {
        Path out = temp.resolve("out-rgb");
        Path quarantine = temp.resolve("quarantine");
        JobConfig config = yaml("""
                input: {path: %s, tensor: {column: image, layout: image, channel_order: rgb}}
                ops: [{op: max_pool2d, kernel_size: 2, ceil_mode: true}]
                output: {path: unused}
                errors: %s
                """.formatted(str(images), Jobs.quarantineTo(quarantine)), out);
        RunReport report = run(config);
        assertEquals(4, report.recordsIn());
        assertEquals(Map.of("invalid_image", 1L), report.badRecords());
        compare(config, false, rows(out, "origin"));

        Row held = rows(quarantine, "origin").get(0);
        assertTrue(name(held).equals("broken.png"), held.toString());
        assertQuarantined(Map.of(0, new String[] {held.getAs("tensorpool_reason"), held.getAs("tensorpool_error")}),
                0, "invalid_image", "image", "mode -1");
    }

    @Test
    void bgrOrderKeepsSparksChannelOrder() {
        Path out = temp.resolve("out-bgr");
        JobConfig config = yaml("""
                input: {path: %s, tensor: {column: image, layout: image, channel_order: bgr}}
                ops: [{op: avg_pool2d, kernel_size: 2, stride: 1}]
                output: {path: unused}
                errors: {on_bad_record: skip, max_bad_fraction: 0.5}
                """.formatted(str(images)), out);
        RunReport report = run(config);
        assertEquals(Map.of("invalid_image", 1L), report.badRecords());
        compare(config, true, rows(out, "origin"));
    }

    @Test
    void theInvalidRowFailsARunUnderFail() {
        Path invalidOnly = temp.resolve("invalid.parquet");
        spark().read().parquet(images.toString()).where("image.mode = -1").write().parquet(invalidOnly.toString());
        rejected(yaml("""
                input: {path: %s, tensor: {column: image, layout: image}}
                ops: [{op: max_pool2d, kernel_size: 2}]
                output: {path: unused}
                """.formatted(str(invalidOnly)), temp.resolve("failed")), "invalid_image", "image",
                "mode -1 marks a file the image source could not decode");
    }
}
