package io.tensorpool.layouts;

import static io.tensorpool.layouts.Jobs.assertQuarantined;
import static io.tensorpool.layouts.Jobs.quarantineTo;
import static io.tensorpool.layouts.Jobs.quarantined;
import static io.tensorpool.layouts.Jobs.rejected;
import static io.tensorpool.layouts.Jobs.rows;
import static io.tensorpool.layouts.Jobs.run;
import static io.tensorpool.layouts.Jobs.spark;
import static io.tensorpool.layouts.Jobs.str;
import static io.tensorpool.layouts.Jobs.yaml;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tensorpool.SparkLineTest;
import io.tensorpool.config.ConfigLoader;
import io.tensorpool.config.ConfigOverrides;
import io.tensorpool.config.JobConfig;
import io.tensorpool.job.RunReport;
import io.tensorpool.kernel.Tensor;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code encoded} layout: PNG and JPEG bytes in a binary column (the {@code binaryFile}
 * source, Petastorm's {@code CompressedImageCodec}), in Hugging Face's {@code Image} struct
 * ({@code struct<bytes: binary, path: string>}), and a folder of image files read directly
 * ({@code input.format: image_files}).
 */
@SparkLineTest
class EncodedLayoutTest {
    @TempDir
    Path temp;

    /** Cells and the tensors they decode to: RGB, gray and RGBA PNGs and an RGB JPEG, in RGB or BGR order. */
    private record Cells(List<byte[]> encoded, List<Tensor> rgb, List<Tensor> bgr) {
    }

    private static Cells cells(long seed) {
        Random random = new Random(seed);
        List<byte[]> encoded = new ArrayList<>();
        List<Tensor> rgb = new ArrayList<>();
        List<Tensor> bgr = new ArrayList<>();
        int[][] pictures = {{8, 6, 3}, {5, 7, 1}, {6, 6, 4}};
        for (int[] p : pictures) {
            var image = Pictures.random(random, p[0], p[1], p[2]);
            encoded.add(Pictures.png(image));
            rgb.add(Pictures.chw(image, false));
            bgr.add(Pictures.chw(image, true));
        }
        byte[] jpeg = Pictures.jpeg(Pictures.random(random, 9, 8, 3));
        encoded.add(jpeg);
        rgb.add(Pictures.decodeChw(jpeg, false));
        bgr.add(Pictures.decodeChw(jpeg, true));
        return new Cells(encoded, rgb, bgr);
    }

    /**
     * A binary column of PNG and JPEG bytes, pooled in RGB order; bytes that are no image and a
     * PNG cut off after its header are {@code undecodable_image}, with a message naming the column.
     */
    @Test
    void binaryColumnOfPngAndJpegBytes() {
        Cells cells = cells(51);
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < cells.encoded().size(); i++) {
            rows.add(RowFactory.create(i, cells.encoded().get(i)));
        }
        rows.add(RowFactory.create(10, "GIF89a, not one we read".getBytes(StandardCharsets.US_ASCII)));
        rows.add(RowFactory.create(11, Arrays.copyOf(cells.encoded().get(0), 60)));
        Path input = temp.resolve("encoded.parquet");
        StructType schema = new StructType().add("id", DataTypes.IntegerType).add("img", DataTypes.BinaryType);
        spark().createDataFrame(rows, schema).repartition(2).write().parquet(input.toString());

        Path out = temp.resolve("out");
        Path quarantine = temp.resolve("quarantine");
        String yaml = """
                input: {path: %s, tensor: {column: img, layout: encoded}}
                ops: [{op: max_pool2d, kernel_size: 2, stride: 1}]
                output: {path: unused}
                errors: %s
                """;
        JobConfig config = yaml(yaml.formatted(str(input), quarantineTo(quarantine)), out);
        RunReport report = run(config);
        assertEquals(Map.of("undecodable_image", 2L), report.badRecords());
        List<Row> written = rows(out, "id");
        assertEquals(4, written.size());
        for (int i = 0; i < 4; i++) {
            Expect.listCell(Expect.pooled(config, cells.rgb().get(i)), written.get(i), "img", "shape");
        }
        Map<Integer, String[]> held = quarantined(quarantine);
        assertQuarantined(held, 10, "undecodable_image", "img", "neither PNG nor JPEG");
        assertQuarantined(held, 11, "undecodable_image", "img", "the PNG does not decode");

        Path garbageOnly = temp.resolve("garbage.parquet");
        spark().createDataFrame(List.of(rows.get(4)), schema).write().parquet(garbageOnly.toString());
        rejected(yaml(yaml.formatted(str(garbageOnly), "{on_bad_record: fail}"), temp.resolve("failed")),
                "undecodable_image", "img", "neither PNG nor JPEG");
    }

    /**
     * Hugging Face's {@code Image} feature, {@code struct<bytes: binary, path: string>}, pooled in
     * BGR order; a struct whose {@code bytes} is null (a path-only image) is a bad record.
     */
    @Test
    void huggingFaceImageStructInBgrOrder() {
        Cells cells = cells(52);
        StructType hfImage = new StructType().add("bytes", DataTypes.BinaryType).add("path", DataTypes.StringType);
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < cells.encoded().size(); i++) {
            rows.add(RowFactory.create(i, RowFactory.create(cells.encoded().get(i), "pic" + i + ".png"), i % 3));
        }
        rows.add(RowFactory.create(10, RowFactory.create(null, "elsewhere.png"), 0));
        Path input = temp.resolve("hf.parquet");
        spark().createDataFrame(rows, new StructType().add("id", DataTypes.IntegerType).add("image", hfImage)
                .add("label", DataTypes.IntegerType)).repartition(2).write().parquet(input.toString());

        Path out = temp.resolve("out");
        Path quarantine = temp.resolve("quarantine");
        JobConfig config = yaml("""
                input: {path: %s, tensor: {column: image, layout: encoded, channel_order: bgr}}
                ops: [{op: avg_pool2d, kernel_size: 3, stride: 2, padding: 1, ceil_mode: true}]
                output: {path: unused}
                errors: %s
                """.formatted(str(input), quarantineTo(quarantine)), out);
        RunReport report = run(config);
        assertEquals(Map.of("null_tensor", 1L), report.badRecords());
        List<Row> written = rows(out, "id");
        assertEquals(List.of("id", "image", "shape", "label"), Arrays.asList(written.get(0).schema().fieldNames()));
        for (int i = 0; i < 4; i++) {
            assertEquals(i % 3, written.get(i).<Integer>getAs("label"));
            Expect.listCell(Expect.pooled(config, cells.bgr().get(i)), written.get(i), "image", "shape");
        }
        assertQuarantined(quarantined(quarantine), 10, "null_tensor", "image", "bytes is null");
    }

    /**
     * {@code conf/image-files.yaml} on {@code sample-data/image-files}: five records, each with
     * its file's path, pooled as the kernels pool the file decoded by {@code ImageIO}.
     */
    @Test
    void imageFilesFolderWithItsSampleConfig() throws IOException {
        Path out = temp.resolve("out");
        JobConfig config = ConfigLoader.load(Path.of("conf/image-files.yaml"),
                ConfigOverrides.none().withOutput(out.toString()));
        RunReport report = run(config);
        assertEquals(5, report.recordsIn());
        assertEquals(5, report.recordsOut());
        assertEquals(0, report.recordsBad());
        List<Row> written = rows(out, "path");
        assertEquals(List.of("path", "image", "shape"), Arrays.asList(written.get(0).schema().fieldNames()));
        List<String> names = new ArrayList<>();
        Map<String, int[]> shapes = Map.of(
                "gradient-rgb.png", new int[] {3, 24, 32},
                "noise-gray.png", new int[] {1, 12, 16},
                "rings.jpeg", new int[] {3, 28, 28},
                "stripes-rgba.png", new int[] {4, 20, 20},
                "waves.jpg", new int[] {3, 30, 40});
        for (Row row : written) {
            String path = row.getAs("path");
            assertTrue(path.startsWith("file:/") && path.contains("sample-data/image-files/"), path);
            String name = path.substring(path.lastIndexOf('/') + 1);
            names.add(name);
            Tensor decoded = Pictures.decodeChw(Files.readAllBytes(Path.of("sample-data/image-files", name)), false);
            Tensor expected = Expect.pooled(config, decoded);
            assertArrayEquals(shapes.get(name), expected.shape(), name);
            Expect.listCell(expected, row, "image", "shape");
        }
        assertEquals(List.of("gradient-rgb.png", "noise-gray.png", "rings.jpeg", "stripes-rgba.png", "waves.jpg"),
                names);
    }
}
