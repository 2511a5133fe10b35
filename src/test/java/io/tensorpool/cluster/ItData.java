package io.tensorpool.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.fail;

import io.tensorpool.job.SameBits;
import io.tensorpool.job.SparkTestSession;
import io.tensorpool.job.sparkline.SparkLine;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.rdd.RDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.GenericInternalRow;
import org.apache.spark.sql.catalyst.expressions.UnsafeArrayData;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/** The Spark session of the cluster tests' own JVM, their input datasets, and exact row comparison. */
final class ItData {
    private ItData() {
    }

    /** The tests' shared local[2] session (stopped when the JVM exits). */
    static SparkSession spark() {
        return SparkTestSession.get();
    }

    /**
     * Writes FILES Parquet files of PER_FILE records each to PATH (any Hadoop URI): columns id
     * (0, 1, ...), label, x (a C x H x W float32 tensor as list&lt;float&gt; with nullable elements,
     * as pyarrow writes it; noise in [0, 1) seeded by the id) and shape ([C, H, W]).
     */
    static void writeImages(String path, int files, int perFile, int c, int h, int w) {
        writeImages(path, files, perFile, c, h, w, 0);
    }

    /**
     * As {@link #writeImages(String, int, int, int, int, int)}, with every {@code badEvery}th
     * record (ids 0, badEvery, 2 badEvery, ...; none for 0) bad: its shape says one column fewer
     * than its tensor holds, a {@code shape_mismatch}.
     */
    static void writeImages(String path, int files, int perFile, int c, int h, int w, int badEvery) {
        StructType schema = new StructType()
                .add("id", DataTypes.LongType, false)
                .add("label", DataTypes.IntegerType, false)
                .add("x", DataTypes.createArrayType(DataTypes.FloatType, true), false)
                .add("shape", DataTypes.createArrayType(DataTypes.IntegerType, false), false);
        List<Integer> fileNumbers = IntStream.range(0, files).boxed().toList();
        // Internal rows with primitive arrays, as the job itself builds them: no element is boxed.
        RDD<InternalRow> rows = JavaSparkContext.fromSparkContext(spark().sparkContext())
                .parallelize(fileNumbers, files)
                .flatMap(new ImageRows(perFile, new int[] {c, h, w}, badEvery))
                .rdd();
        SparkLine.get().fromInternalRows(spark(), rows, schema)
                // A dictionary never pays off on noise, and trying one doubles the cost of the write.
                .write().option("parquet.enable.dictionary", "false").parquet(path);
    }

    /** The records of one file, generated where the task runs. */
    private record ImageRows(int perFile, int[] shape, int badEvery) implements FlatMapFunction<Integer, InternalRow> {
        @Override
        public Iterator<InternalRow> call(Integer file) {
            int size = shape[0] * shape[1] * shape[2];
            List<InternalRow> rows = new ArrayList<>(perFile);
            for (int r = 0; r < perFile; r++) {
                long id = (long) file * perFile + r;
                SplittableRandom random = new SplittableRandom(id);
                float[] x = new float[size];
                for (int i = 0; i < size; i++) {
                    x[i] = (float) random.nextDouble();
                }
                int[] claimed = badEvery > 0 && id % badEvery == 0 ? new int[] {shape[0], shape[1], shape[2] - 1} : shape;
                rows.add(new GenericInternalRow(new Object[] {id, (int) (id % 10),
                        UnsafeArrayData.fromPrimitiveArray(x), UnsafeArrayData.fromPrimitiveArray(claimed)}));
            }
            return rows.iterator();
        }
    }

    /**
     * Asserts that two datasets hold the same rows, compared in KEY order, field by field, floats
     * and doubles bit for bit (so NaN equals NaN and -0.0 differs from 0.0), streaming both.
     */
    static void assertSameRows(Dataset<Row> expected, Dataset<Row> actual, String key) {
        assertEquals(expected.schema().simpleString(), actual.schema().simpleString(), "schemas");
        Iterator<Row> e = expected.orderBy(key).toLocalIterator();
        Iterator<Row> a = actual.orderBy(key).toLocalIterator();
        long index = 0;
        while (e.hasNext()) {
            if (!a.hasNext()) {
                fail("the actual rows end after " + index + "; the expected ones go on");
            }
            Row want = e.next();
            Row got = a.next();
            if (!SameBits.same(want, got)) {
                fail("row " + index + " (" + key + " = " + want.getAs(key) + ") differs from the expected row ("
                        + key + " = " + got.getAs(key) + ")");
            }
            index++;
        }
        assertFalse(a.hasNext(), "the actual rows go on after the " + index + " expected ones");
        assertFalse(index == 0, "compared no rows at all");
    }
}
