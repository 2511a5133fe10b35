package io.tensorpool.tools;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
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
