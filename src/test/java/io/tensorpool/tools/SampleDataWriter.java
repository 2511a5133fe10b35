package io.tensorpool.tools;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Writes the datasets under {@code sample-data/}: the textbook tensors and a small batch of
 * image-like tensors. Deterministic (fixed seed), so running it again reproduces the same values.
 * Run with {@code scripts/make-sample-data}; {@code sample-data/README.md} describes the result.
 */
public final class SampleDataWriter {
    /** The textbook 4x4 plane: 0, 1, ..., 15. */
    static final int[] ARANGE_4X4_SHAPE = {1, 4, 4};
    static final int[] TWO_CHANNEL_SHAPE = {1, 2, 4, 4};
    static final int IMAGE_COUNT = 64;
    static final int[] IMAGE_SHAPE = {3, 32, 32};

    private SampleDataWriter() {
    }

    public static void main(String[] args) throws IOException {
        Path root = Path.of(args.length > 0 ? args[0] : "sample-data");
        SparkSession spark = SparkSession.builder().master("local[1]").appName("tensorpool-sample-data")
                .config("spark.ui.enabled", "false").getOrCreate();
        try {
            writeTextbook(spark, root.resolve("textbook"));
            writeImages(spark, root.resolve("images/cifar-like.parquet"));
            writeImageFiles(root.resolve("image-files"));
        } finally {
            spark.stop();
        }
    }

    static StructType tensorSchema(StructType leading) {
        return leading
                .add("x", DataTypes.createArrayType(DataTypes.FloatType, true), false)
                .add("shape", DataTypes.createArrayType(DataTypes.IntegerType, false), false);
    }

    private static void writeTextbook(SparkSession spark, Path folder) {
        StructType schema = tensorSchema(new StructType().add("name", DataTypes.StringType, false));
        write(spark, schema, List.of(RowFactory.create("arange4x4", arange(16, 0), ARANGE_4X4_SHAPE)),
                folder.resolve("arange4x4.parquet"));
        float[] twoChannels = new float[32];
        System.arraycopy(arange(16, 0), 0, twoChannels, 0, 16);
        System.arraycopy(arange(16, 1), 0, twoChannels, 16, 16);
        write(spark, schema, List.of(RowFactory.create("two-channel", twoChannels, TWO_CHANNEL_SHAPE)),
                folder.resolve("two-channel.parquet"));
        // No shape column: its configs give the one fixed shape instead (input.tensor.shape).
        StructType fixedShapeSchema = new StructType().add("name", DataTypes.StringType, false)
                .add("x", DataTypes.createArrayType(DataTypes.FloatType, true), false);
        write(spark, fixedShapeSchema, List.of(RowFactory.create("arange3x3", arange(9, 0))),
                folder.resolve("arange3x3.parquet"));
    }

    /** 64 smooth random images in [0, 1): a few sinusoids per channel plus noise, like natural images. */
    private static void writeImages(SparkSession spark, Path file) {
        StructType schema = tensorSchema(new StructType()
                .add("id", DataTypes.LongType, false)
                .add("label", DataTypes.IntegerType, false)
                .add("split", DataTypes.StringType, true));
        Random random = new Random(20261129L);
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < IMAGE_COUNT; i++) {
            rows.add(RowFactory.create((long) i, random.nextInt(10), i % 8 == 0 ? "test" : "train",
                    image(random), IMAGE_SHAPE));
        }
        write(spark, schema, rows, file);
    }

    /**
     * A few real image files, as a camera roll or a scraped folder would hold them: PNGs in RGB,
     * RGBA and grey, and JPEGs, of different sizes, written by {@code javax.imageio}.
     */
    private static void writeImageFiles(Path folder) throws IOException {
        Files.createDirectories(folder);
        Random random = new Random(42);
        writeImageFile(folder.resolve("gradient-rgb.png"), 64, 48, BufferedImage.TYPE_INT_RGB, "png", random);
        writeImageFile(folder.resolve("stripes-rgba.png"), 40, 40, BufferedImage.TYPE_INT_ARGB, "png", random);
        writeImageFile(folder.resolve("noise-gray.png"), 32, 24, BufferedImage.TYPE_BYTE_GRAY, "png", random);
        writeImageFile(folder.resolve("waves.jpg"), 80, 60, BufferedImage.TYPE_INT_RGB, "jpeg", random);
        writeImageFile(folder.resolve("rings.jpeg"), 56, 56, BufferedImage.TYPE_INT_RGB, "jpeg", random);
    }

    private static void writeImageFile(Path file, int width, int height, int type, String format, Random random)
            throws IOException {
        BufferedImage image = new BufferedImage(width, height, type);
        int seed = random.nextInt(1000);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int r = (x * 255 / Math.max(1, width - 1) + seed) & 0xFF;
                int g = (y * 255 / Math.max(1, height - 1)) & 0xFF;
                int b = (int) (127.5 + 127.5 * Math.sin((x * x + y * y) / 40.0 + seed));
                int a = (x / 8 + y / 8) % 2 == 0 ? 255 : 128;
                image.setRGB(x, y, (a << 24) | (r << 16) | (g << 8) | b);
            }
        }
        if (!ImageIO.write(image, format, file.toFile())) {
            throw new IOException("no ImageIO writer for " + format);
        }
    }

    static float[] image(Random random) {
        int c = IMAGE_SHAPE[0], h = IMAGE_SHAPE[1], w = IMAGE_SHAPE[2];
        float[] pixels = new float[c * h * w];
        for (int ch = 0; ch < c; ch++) {
            double fy = 1 + random.nextInt(4), fx = 1 + random.nextInt(4), phase = random.nextDouble() * Math.PI;
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    double v = 0.5 + 0.35 * Math.sin(fy * y * Math.PI / h + phase) * Math.cos(fx * x * Math.PI / w)
                            + 0.1 * (random.nextDouble() - 0.5);
                    // Quantised to 1/255 like a decoded 8-bit image, clamped to [0, 1].
                    pixels[(ch * h + y) * w + x] = (float) (Math.round(Math.min(1, Math.max(0, v)) * 255) / 255.0);
                }
            }
        }
        return pixels;
    }

    private static float[] arange(int n, int start) {
        float[] values = new float[n];
        for (int i = 0; i < n; i++) {
            values[i] = start + i;
        }
        return values;
    }

    /** One Parquet file per dataset, in a Spark output folder without checksum files. */
    private static void write(SparkSession spark, StructType schema, List<Row> rows, Path folder) {
        spark.createDataFrame(rows, schema).coalesce(1).write().mode("overwrite").parquet(folder.toString());
        try (Stream<Path> files = Files.list(folder)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                if (f.getFileName().toString().endsWith(".crc")) {
                    Files.delete(f);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
