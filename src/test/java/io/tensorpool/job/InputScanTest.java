package io.tensorpool.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.tensorpool.SparkLineTest;
import io.tensorpool.config.InputConfig;
import io.tensorpool.job.sparkline.SparkLine;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.InternalRow;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * How the job reads its input: straight from Parquet's column batches ({@link ColumnarScan})
 * with the same rows, file paths and row indices as Spark's row conversion.
 */
@SparkLineTest
class InputScanTest {
    @TempDir
    Path dir;

    private static SparkSession spark() {
        return JobTestSupport.spark();
    }

    private InputTable input(String path, String tensorYaml) {
        return InputTable.read(spark(), inputConfig(path, tensorYaml, "parquet"));
    }

    private InputConfig inputConfig(String path, String tensorYaml, String format) {
        String yaml = """
                input:
                  path: %s
                  format: %s
                  tensor: %s
                ops:
                  - {op: max_pool2d, kernel_size: 1}
                output: {path: %s}
                """.formatted(path, format, tensorYaml, dir.resolve("unused-output"));
        return JobTestSupport.yaml(yaml, dir.resolve("unused-output")).input();
    }

    /** Writes {@code rows} rows in {@code files} files: id, x = [id, id + 0.5] as floats, shape from {@code shapeSql}. */
    private String table(String name, int rows, int files, String shapeSql) {
        String path = dir.resolve(name).toString();
        spark().range(0, rows, 1, files)
                .selectExpr("id", "array(cast(id as float), cast(id + 0.5 as float)) as x", shapeSql + " as shape",
                        "cast(id as string) as label")
                .write().parquet(path);
        return path;
    }

    @Test
    void parquetInputIsReadFromColumnBatchesWithTheSameRowsAsTheRowConversion() {
        InputTable input = input(table("t", 300, 3, "array(1, 2)"), "{column: x, layout: list, shape_column: shape}");
        ColumnarScan scan = ColumnarScan.of(input);
        assertNotNull(scan, "a plain Parquet input must be read from column batches");

        int file = scan.fileOrdinal();
        int row = scan.rowOrdinal();
        List<String> columnar = scan.rows().toJavaRDD().map(r -> describe(r, file, row)).collect();
        int convertedFile = input.fileOrdinal();
        int convertedRow = input.rowOrdinal();
        List<String> converted = SparkLine.get().queryExecution(input.rows()).toRdd()
                .toJavaRDD().map(r -> describe(r, convertedFile, convertedRow)).collect();
        assertEquals(300, columnar.size());
        assertEquals(converted.stream().sorted().toList(), columnar.stream().sorted().toList());
        assertEquals(300, columnar.stream().map(line -> line.substring(line.lastIndexOf(' '))).distinct().count(),
                "every row names its own file and row index");
    }

    /** Every value the pooler reads from a row, copied out of the row view on the executor. */
    private static String describe(InternalRow r, int file, int row) {
        return r.getLong(0) + " " + Arrays.toString(r.getArray(1).toFloatArray()) + " "
                + Arrays.toString(r.getArray(2).toIntArray()) + " " + r.getUTF8String(3) + " "
                + r.getUTF8String(file) + "#" + r.getLong(row);
    }

    @Test
    void imageFoldersAreNotAColumnarParquetScan() {
        InputTable input = InputTable.read(spark(), inputConfig(JobTestSupport.projectFile("sample-data/image-files")
                .toString(), "{column: image, layout: encoded}", "image_files"));
        assertNull(ColumnarScan.of(input));
    }
}
