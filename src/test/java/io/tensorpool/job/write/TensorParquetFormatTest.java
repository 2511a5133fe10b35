package io.tensorpool.job.write;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tensorpool.SparkLineTest;
import io.tensorpool.job.SparkTestSession;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.Metadata;
import org.apache.spark.sql.types.MetadataBuilder;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link TensorParquetFormat} on any Spark rows: passthrough columns of every kind (strings,
 * decimals, timestamps, structs, maps, binary), list columns with null and empty lists and null
 * elements, in Spark's standard and legacy list encodings, against the same rows written by
 * Spark's own writer; and the settings it leaves to Spark's writer.
 */
@SparkLineTest
class TensorParquetFormatTest {
    private static final List<String> ARRAYS = List.of("f", "d", "b", "s", "i", "l");

    @TempDir
    Path dir;

    private static SparkSession spark() {
        return SparkTestSession.get();
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void everyColumnMatchesSparksWriter(boolean legacyListFormat) {
        String key = "spark.sql.parquet.writeLegacyFormat";
        String saved = spark().conf().get(key, "false");
        spark().conf().set(key, String.valueOf(legacyListFormat));
        try {
            Dataset<Row> rows = rows(1500);
            write(rows, "parquet", dir.resolve("spark"));
            write(rows, TensorParquetFormat.class.getName(), dir.resolve("bulk"));
            WriterComparison.assertSameFiles(dir.resolve("spark"), dir.resolve("bulk"), ARRAYS);
            assertEquals(Readers.duckDbText(dir.resolve("spark")), Readers.duckDbText(dir.resolve("bulk")),
                    "DuckDB reads the same rows from both");
        } finally {
            spark().conf().set(key, saved);
        }
    }

    @Test
    void onlyTheNamedColumnsAreWrittenInBulk() {
        Dataset<Row> rows = rows(50);
        rows.write().format(TensorParquetFormat.class.getName())
                .option(TensorParquetFormat.BULK_COLUMNS, TensorParquetFormat.bulkColumns(List.of("d", "st", "nope")))
                .save(dir.resolve("named").toString());
        assertEquals("[\"d\"]", footer(dir.resolve("named")).get(TensorParquetFormat.BULK_COLUMNS));
    }

    @ParameterizedTest
    @ValueSource(strings = {"parquet.bloom.filter.enabled=true", "parquet.bloom.filter.enabled#f.list.element=true",
        "parquet.writer.version=v2", "parquet.enable.bytestreamsplit=true", "parquet.column.statistics.enabled=false"})
    void settingsTheBulkWriterDoesNotImplementGoToSparksWriter(String setting) {
        String[] keyValue = setting.split("=");
        Dataset<Row> rows = rows(50);
        rows.write().format(TensorParquetFormat.class.getName()).option(keyValue[0], keyValue[1])
                .save(dir.resolve("fallback").toString());
        assertFalse(footer(dir.resolve("fallback")).containsKey(TensorParquetFormat.BULK_COLUMNS),
                "written by Spark's writer");
        rows.write().format(TensorParquetFormat.class.getName()).save(dir.resolve("bulk").toString());
        assertTrue(footer(dir.resolve("bulk")).containsKey(TensorParquetFormat.BULK_COLUMNS), "written in bulk");
        assertEquals(50, spark().read().parquet(dir.resolve("fallback").toString()).count());
    }

    private static void write(Dataset<Row> rows, String format, Path out) {
        rows.write().mode(SaveMode.ErrorIfExists).format(format)
                // small pages and row groups, so that a file has many of each
                .option("parquet.page.size", "1024").option("parquet.block.size", String.valueOf(64 << 10))
                .save(out.toString());
    }

    private static Map<String, String> footer(Path folder) {
        try (ParquetFileReader reader = Readers.open(Readers.files(folder).get(0))) {
            return reader.getFooter().getFileMetaData().getKeyValueMetaData();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Random rows: every passthrough kind, and number lists that are null, empty, or hold nulls. */
    private static Dataset<Row> rows(int count) {
        Metadata tensorMetadata = new MetadataBuilder().putLongArray("shape", new long[] {2, 3})
                .putStringArray("dim_names", new String[] {"H", "W"}).build();
        StructType schema = new StructType()
                .add("id", DataTypes.LongType, false)
                .add("name", DataTypes.StringType, true)
                .add("f", DataTypes.createArrayType(DataTypes.FloatType, true), true, tensorMetadata)
                .add("amount", DataTypes.createDecimalType(12, 3), true)
                .add("d", DataTypes.createArrayType(DataTypes.DoubleType, false), false)
                .add("at", DataTypes.TimestampType, true)
                .add("b", DataTypes.createArrayType(DataTypes.ByteType, true), true)
                .add("st", new StructType().add("a", DataTypes.IntegerType, true)
                        .add("v", DataTypes.createArrayType(DataTypes.FloatType, false), true), true)
                .add("s", DataTypes.createArrayType(DataTypes.ShortType, false), true)
                .add("m", DataTypes.createMapType(DataTypes.StringType, DataTypes.IntegerType), true)
                .add("i", DataTypes.createArrayType(DataTypes.IntegerType, true), true)
                .add("raw", DataTypes.BinaryType, true)
                .add("l", DataTypes.createArrayType(DataTypes.LongType, false), false);
        Random random = new Random(11);
        List<Row> rows = new ArrayList<>();
        for (long id = 0; id < count; id++) {
            rows.add(RowFactory.create(id,
                    random.nextInt(5) == 0 ? null : "row " + id,
                    list(random, DataTypes.FloatType, true, true),
                    random.nextInt(5) == 0 ? null : new BigDecimal(random.nextInt(1_000_000)).movePointLeft(3),
                    list(random, DataTypes.DoubleType, false, false),
                    random.nextInt(5) == 0 ? null : new Timestamp(1_700_000_000_000L + random.nextInt()),
                    list(random, DataTypes.ByteType, true, true),
                    random.nextInt(5) == 0 ? null : RowFactory.create(random.nextInt(), list(random, DataTypes.FloatType,
                            false, true)),
                    list(random, DataTypes.ShortType, false, true),
                    random.nextInt(5) == 0 ? null : Map.of("k" + random.nextInt(3), random.nextInt()),
                    list(random, DataTypes.IntegerType, true, true),
                    random.nextInt(5) == 0 ? null : new byte[] {(byte) id, 1, 2},
                    list(random, DataTypes.LongType, false, false)));
        }
        return spark().createDataFrame(rows, schema).repartition(2);
    }

    /** A list of 0 to 40 values (some special), null now and then when {@code listNullable}. */
    private static Object[] list(Random random, DataType type, boolean elementsNullable, boolean listNullable) {
        if (listNullable && random.nextInt(8) == 0) {
            return null;
        }
        int n = random.nextInt(6) == 0 ? 0 : random.nextInt(40);
        Object[] values = new Object[n];
        for (int i = 0; i < n; i++) {
            if (elementsNullable && random.nextInt(10) == 0) {
                continue;
            }
            int special = random.nextInt(RandomTensors.SPECIAL_FLOATS.length * 3);
            if (type == DataTypes.FloatType) {
                values[i] = special < RandomTensors.SPECIAL_FLOATS.length
                        ? Float.intBitsToFloat(RandomTensors.SPECIAL_FLOATS[special]) : (float) random.nextGaussian();
            } else if (type == DataTypes.DoubleType) {
                values[i] = special < RandomTensors.SPECIAL_DOUBLES.length
                        ? Double.longBitsToDouble(RandomTensors.SPECIAL_DOUBLES[special]) : random.nextGaussian();
            } else if (type == DataTypes.ByteType) {
                values[i] = (byte) random.nextInt();
            } else if (type == DataTypes.ShortType) {
                values[i] = (short) random.nextInt();
            } else if (type == DataTypes.IntegerType) {
                values[i] = random.nextInt();
            } else {
                values[i] = random.nextLong();
            }
        }
        return values;
    }
}
