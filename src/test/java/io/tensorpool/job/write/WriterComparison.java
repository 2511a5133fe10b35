package io.tensorpool.job.write;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.tensorpool.job.SparkTestSession;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.MapType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Compares an output written by Spark's writer with the same rows written by the bulk writer:
 * the Spark schema (with column metadata), the Parquet schema, the footer's key-value metadata
 * (the bulk writer adds only {@link TensorParquetFormat#BULK_COLUMNS}) and every value, floats by
 * their bits, except that every NaN counts as one: Spark's writer stores each NaN as the canonical
 * {@code 0x7fc00000} (parquet-java writes floats with {@code floatToIntBits}), where the bulk
 * writer keeps its payload.
 */
final class WriterComparison {
    private WriterComparison() {
    }

    static void assertSameFiles(Path spark, Path bulk, List<String> bulkColumns) {
        Dataset<Row> expected = SparkTestSession.get().read().parquet(spark.toString());
        Dataset<Row> actual = SparkTestSession.get().read().parquet(bulk.toString());
        assertEquals(expected.schema(), actual.schema());
        assertEquals(expected.schema().json(), actual.schema().json(), "schemas with their metadata");

        Map<String, String> sparkMetadata = footerMetadata(Readers.files(spark).get(0));
        Map<String, String> bulkMetadata = new HashMap<>(footerMetadata(Readers.files(bulk).get(0)));
        assertFalse(sparkMetadata.containsKey(TensorParquetFormat.BULK_COLUMNS));
        List<String> inFileOrder = java.util.Arrays.stream(actual.schema().fieldNames()).filter(bulkColumns::contains)
                .toList();
        assertEquals(TensorParquetFormat.bulkColumns(inFileOrder), bulkMetadata.remove(TensorParquetFormat.BULK_COLUMNS));
        assertEquals(sparkMetadata, bulkMetadata, "footer key-value metadata");
        assertEquals(parquetSchema(Readers.files(spark).get(0)), parquetSchema(Readers.files(bulk).get(0)));

        String order = expected.schema().fieldNames()[0];
        List<Row> want = expected.orderBy(order).collectAsList();
        List<Row> got = actual.orderBy(order).collectAsList();
        assertEquals(want.size(), got.size());
        for (int i = 0; i < want.size(); i++) {
            assertEquals(canonical(want.get(i), expected.schema()), canonical(got.get(i), actual.schema()), "row " + i);
        }
    }

    private static Map<String, String> footerMetadata(Path file) {
        try (ParquetFileReader reader = Readers.open(file)) {
            return reader.getFooter().getFileMetaData().getKeyValueMetaData();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String parquetSchema(Path file) {
        try (ParquetFileReader reader = Readers.open(file)) {
            return reader.getFooter().getFileMetaData().getSchema().toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A row as text in which every float and double is its bit pattern, NaN payloads aside. */
    static String canonical(Row row, StructType schema) {
        StringBuilder out = new StringBuilder("{");
        for (int i = 0; i < schema.size(); i++) {
            StructField field = schema.fields()[i];
            out.append(field.name()).append('=');
            if (row.isNullAt(i)) {
                out.append("null");
            } else if (field.dataType() instanceof ArrayType) {
                out.append('[');
                for (Object element : row.getList(i)) {
                    out.append(Readers.valueText(element)).append(',');
                }
                out.append(']');
            } else if (field.dataType() instanceof StructType struct) {
                out.append(canonical(row.getStruct(i), struct));
            } else if (field.dataType() instanceof MapType) {
                out.append(new java.util.TreeMap<>(row.getJavaMap(i)));
            } else {
                out.append(Readers.valueText(row.get(i)));
            }
            out.append(';');
        }
        return out.append('}').toString();
    }
}
