package io.tensorpool.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.tensorpool.job.sparkline.SparkLine;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.SplittableRandom;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.rdd.RDD;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.GenericInternalRow;
import org.apache.spark.sql.catalyst.expressions.UnsafeArrayData;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The benchmark's input: {@code records} tensors of {@link #SHAPE} float32, uniform random in
 * [0, 1) at full float precision (noisy floats: no dictionary or compressor finds much in them,
 * the conservative case), the same values for the same id every time (one seeded generator per
 * record).
 *
 * <p>Columns: {@code id bigint}, {@code x} and {@code shape array<int>} ([3, 224, 224]), every
 * column and every list's elements nullable, as pyarrow writes a table from numpy (pyarrow cannot
 * be installed here: this is as close as Spark's writer gets to its files). In the {@code list}
 * layout {@code x} is {@code optional group x (LIST) { repeated group list { optional float
 * element; } }}, pyarrow's {@code list<element: float>}; no element is actually null, but the
 * job takes its null-checking read path as it does on real data. In the {@code binary} layout {@code x} holds the same floats as raw
 * little-endian bytes ({@code numpy.tobytes()}). Written by Spark's own Parquet writer with its
 * defaults (snappy, dictionary on, which falls back to plain on such data), in files of about
 * 128 MB, except for the page size: Spark's writer checks a page's size only every 100 records
 * ({@code parquet.page.size.row.check.min}), which for 600 KB records makes 60 MB pages that every
 * reader must inflate whole; pyarrow closes pages near 1 MB, and so does this data (a check after
 * every record: pages of two records).
 */
final class SyntheticTensors {
    static final int[] SHAPE = {3, 224, 224};
    static final int ELEMENTS = SHAPE[0] * SHAPE[1] * SHAPE[2];
    static final int BYTES_PER_RECORD = 4 * ELEMENTS;
    private static final long SEED = 20261129L;
    private static final String MARKER = "_bench_dataset.json";

    private SyntheticTensors() {
    }

    /** The number of records that hold {@code gigabytes} (10^9 bytes) of float32 tensor data, at least 2. */
    static int recordsFor(double gigabytes) {
        return (int) Math.max(2, Math.round(gigabytes * 1e9 / BYTES_PER_RECORD));
    }

    /** One file per ~128 MB of tensor data, at least 2 so that both cores of local[2] read from the start. */
    static int filesFor(int records) {
        return (int) Math.max(2, Math.ceil((double) records * BYTES_PER_RECORD / (128L << 20)));
    }

    static StructType schema(Layout layout) {
        return new StructType()
                .add("id", DataTypes.LongType, true)
                .add("x", layout == Layout.LIST
                        ? DataTypes.createArrayType(DataTypes.FloatType, true)
                        : DataTypes.BinaryType, true)
                .add("shape", DataTypes.createArrayType(DataTypes.IntegerType, true), true);
    }

    /**
     * Writes the dataset into {@code folder} unless a complete one of the same description is
     * already there; returns true when it wrote.
     */
    static boolean ensure(SparkSession spark, Path folder, Layout layout, int records) {
        int files = filesFor(records);
        Map<String, Object> description = Map.of("layout", layout.configName(), "records", records, "files", files,
                "shape", List.of(SHAPE[0], SHAPE[1], SHAPE[2]), "seed", SEED, "generator", 3);
        ObjectMapper json = new ObjectMapper();
        Path marker = folder.resolve(MARKER);
        try {
            if (Files.exists(marker) && json.readValue(marker.toFile(), Map.class).equals(json.readValue(
                    json.writeValueAsString(description), Map.class))) {
                return false;
            }
            Files.createDirectories(folder.getParent());
            JavaSparkContext context = JavaSparkContext.fromSparkContext(spark.sparkContext());
            List<Integer> parts = new ArrayList<>();
            for (int i = 0; i < files; i++) {
                parts.add(i);
            }
            RDD<InternalRow> rows = context.parallelize(parts, files)
                    .flatMap(new RecordsOfPart(layout, records, files)).rdd();
            SparkLine.get().fromInternalRows(spark, rows, schema(layout))
                    .write().mode(SaveMode.Overwrite).option("compression", "snappy")
                    .option("parquet.page.size.row.check.min", "1")
                    // The jobs' own setting, set here too: with parquet-java 1.17 a per-column
                    // dictionary setting was seen to hold in a JVM only if the JVM's first Parquet
                    // write also set it, and this generator writes first.
                    .option("parquet.enable.dictionary#x.list.element", "false")
                    .parquet(folder.toString());
            json.writeValue(marker.toFile(), description);
            return true;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the benchmark dataset " + folder + ": " + e.getMessage(), e);
        }
    }

    /** The tensor of record {@code id}: the same floats every time. */
    static float[] tensor(long id) {
        SplittableRandom random = new SplittableRandom(SEED * 31 + id);
        float[] values = new float[ELEMENTS];
        for (int i = 0; i < values.length; i++) {
            values[i] = random.nextFloat();
        }
        return values;
    }

    static byte[] littleEndian(float[] values) {
        ByteBuffer buffer = ByteBuffer.allocate(4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        buffer.asFloatBuffer().put(values);
        return buffer.array();
    }

    /** Generates the rows of one file lazily, one record at a time. */
    private static final class RecordsOfPart implements FlatMapFunction<Integer, InternalRow> {
        private static final long serialVersionUID = 1L;
        private final Layout layout;
        private final int records;
        private final int parts;

        RecordsOfPart(Layout layout, int records, int parts) {
            this.layout = layout;
            this.records = records;
            this.parts = parts;
        }

        @Override
        public Iterator<InternalRow> call(Integer part) {
            long first = (long) records * part / parts;
            long end = (long) records * (part + 1) / parts;
            return new Iterator<>() {
                private long id = first;

                @Override
                public boolean hasNext() {
                    return id < end;
                }

                @Override
                public InternalRow next() {
                    if (!hasNext()) {
                        throw new NoSuchElementException();
                    }
                    float[] values = tensor(id);
                    Object x = layout == Layout.LIST ? UnsafeArrayData.fromPrimitiveArray(values) : littleEndian(values);
                    return new GenericInternalRow(new Object[] {id++, x, UnsafeArrayData.fromPrimitiveArray(SHAPE)});
                }
            };
        }
    }
}
