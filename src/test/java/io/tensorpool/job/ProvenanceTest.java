package io.tensorpool.job;

import static io.tensorpool.job.JobTestSupport.read;
import static io.tensorpool.job.JobTestSupport.run;
import static io.tensorpool.job.JobTestSupport.spark;
import static io.tensorpool.job.JobTestSupport.yaml;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tensorpool.SparkLineTest;
import io.tensorpool.job.sparkline.SparkLine;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The source file and row of a record come only from Spark's hidden file metadata: an input
 * column that happens to be called {@code _metadata}, holding whatever {@code file_path} and
 * {@code row_index} its writer put there, is passed through like any other column and never
 * taken for provenance.
 */
@SparkLineTest
class ProvenanceTest {
    private static final StructType FORGED = new StructType()
            .add("file_path", DataTypes.StringType)
            .add("row_index", DataTypes.LongType);
    private static final StructType SCHEMA = new StructType()
            .add("id", DataTypes.IntegerType)
            .add("_metadata", FORGED)
            .add("file_path", DataTypes.StringType)
            .add("x", DataTypes.createArrayType(DataTypes.FloatType, true))
            .add("shape", DataTypes.createArrayType(DataTypes.IntegerType, true));
    private static final int RECORDS = 40;
    private static final int BAD_ID = 17;

    @TempDir
    Path temp;

    private Path input;

    /**
     * Forty records in four files; record 17 holds three elements for a 2x2 shape. Every record's
     * {@code _metadata} claims to be row 0 of a file that does not exist, and so does the bad
     * record's, so a job taking it for provenance would match the wrong rows.
     */
    @BeforeEach
    void writeInput() {
        input = temp.resolve("in.parquet");
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < RECORDS; i++) {
            float[] x = i == BAD_ID ? new float[] {1, 2, 3} : new float[] {i, 1, 2, 3};
            rows.add(RowFactory.create(i, RowFactory.create("forged/" + (i % 2) + ".parquet", 0L),
                    "user file_path " + i, x, new int[] {2, 2}));
        }
        spark().createDataFrame(rows, SCHEMA).repartition(4)
                .write().parquet(input.toString());
    }

    @Test
    void aUserMetadataColumnIsPassedThroughAndNeverTakenForTheSourceOfARecord() throws IOException {
        Path out = temp.resolve("out");
        Path quarantine = temp.resolve("quarantine");
        RunReport report = run(yaml(JobTestSupport.maxPool2x2(input, "{on_bad_record: quarantine, quarantine_path: "
                + quarantine + ", max_bad_fraction: 0.5}"), out));
        assertEquals(RECORDS, report.recordsIn());
        assertEquals(RECORDS - 1, report.recordsOut());

        List<Row> rejected = read(quarantine, "id");
        assertEquals(List.of(BAD_ID), rejected.stream().map(r -> r.<Integer>getAs("id")).toList(),
                "only the bad record is quarantined");
        Row bad = rejected.get(0);
        String[] truth = whereIs(BAD_ID);
        assertEquals(truth[0], bad.<String>getAs(QuarantineFiles.FILE_COLUMN), "the file Spark read it from");
        assertEquals(Long.parseLong(truth[1]), bad.<Long>getAs(QuarantineFiles.ROW_COLUMN), "its row in that file");
        assertEquals(RowFactory.create("forged/1.parquet", 0L), bad.getStruct(bad.fieldIndex("_metadata")),
                "the user's column is quarantined as it was");

        List<Row> pooled = read(out, "id");
        assertEquals(RECORDS - 1, pooled.size());
        for (Row row : pooled) {
            int id = row.getAs("id");
            assertTrue(id != BAD_ID);
            assertEquals(RowFactory.create("forged/" + (id % 2) + ".parquet", 0L), row.getStruct(row.fieldIndex("_metadata")),
                    "the user's _metadata passes through unchanged");
            assertEquals("user file_path " + id, row.getAs("file_path"));
        }
    }

    @Test
    void theColumnarScanTellsAUserMetadataColumnFromSparksOwn() {
        InputTable table = InputTable.read(spark(), yaml(JobTestSupport.maxPool2x2(input, "{}"), temp.resolve("unused"))
                .input());
        ColumnarScan scan = ColumnarScan.of(table);
        assertNotNull(scan, "a user _metadata column does not stop the columnar scan");
        int file = scan.fileOrdinal();
        int row = scan.rowOrdinal();
        List<String> columnar = scan.rows().toJavaRDD()
                .map(r -> r.getInt(0) + " " + r.getUTF8String(file) + "#" + r.getLong(row)).collect();
        int convertedFile = table.fileOrdinal();
        int convertedRow = table.rowOrdinal();
        List<String> converted = SparkLine.get().queryExecution(table.rows()).toRdd()
                .toJavaRDD().map(r -> r.getInt(0) + " " + r.getUTF8String(convertedFile) + "#" + r.getLong(convertedRow))
                .collect();
        assertEquals(converted.stream().sorted().toList(), columnar.stream().sorted().toList());
        String[] truth = whereIs(BAD_ID);
        assertTrue(columnar.contains(BAD_ID + " " + truth[0] + "#" + truth[1]), columnar.toString());
        assertEquals(RECORDS, columnar.stream().map(line -> line.substring(line.indexOf(' '))).distinct().count(),
                "every row names its own file and row index");
    }

    /** The file holding record {@code id} and its row index there, found by reading each file alone. */
    private String[] whereIs(int id) {
        try (Stream<Path> files = Files.list(input)) {
            for (Path file : files.filter(f -> f.getFileName().toString().endsWith(".parquet")).toList()) {
                List<Integer> ids = spark().read().parquet(file.toString()).select("id").collectAsList().stream()
                        .map(r -> r.getInt(0)).toList();
                int index = ids.indexOf(id);
                if (index >= 0) {
                    return new String[] {file.toUri().toString().replace("file:///", "file:/"), Integer.toString(index)};
                }
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        throw new AssertionError("no file holds record " + id);
    }
}
