package io.tensorpool.job;

import static io.tensorpool.job.JobTestSupport.floats;
import static io.tensorpool.job.JobTestSupport.ints;
import static io.tensorpool.job.JobTestSupport.load;
import static io.tensorpool.job.JobTestSupport.longs;
import static io.tensorpool.job.JobTestSupport.read;
import static io.tensorpool.job.JobTestSupport.run;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tensorpool.SparkLineTest;
import io.tensorpool.config.JobConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each textbook config in {@code conf/} runs through the whole job on the sample data and writes
 * the tensor the textbook prints, written out here by hand.
 */
@SparkLineTest
class TextbookConfigsTest {
    @TempDir
    Path temp;

    private Row runOne(String config) {
        Path out = temp.resolve("out");
        JobConfig job = load(Path.of("conf", config), out);
        RunReport report = run(job);
        assertEquals(1, report.recordsIn());
        assertEquals(1, report.recordsOut());
        assertTrue(Files.exists(out.resolve(RunReport.FILE_NAME)), "the report is written into the output");
        List<Row> rows = read(out, "name");
        assertEquals(1, rows.size());
        return rows.get(0);
    }

    @Test
    void maxPool3OnArange4x4GivesTen() {
        Row row = runOne("textbook-maxpool3.yaml");
        assertArrayEquals(new float[] {10}, floats(row, "x"));
        assertArrayEquals(new int[] {1, 1, 1}, ints(row, "shape"));
    }

    @Test
    void maxPool3Padding1Stride2() {
        Row row = runOne("textbook-maxpool3-pad1-stride2.yaml");
        assertArrayEquals(new float[] {
            5, 7,
            13, 15}, floats(row, "x"));
        assertArrayEquals(new int[] {1, 2, 2}, ints(row, "shape"));
    }

    @Test
    void maxPool2x3Stride2x3Padding0x1() {
        Row row = runOne("textbook-maxpool2x3.yaml");
        assertArrayEquals(new float[] {
            5, 7,
            13, 15}, floats(row, "x"));
        assertArrayEquals(new int[] {1, 2, 2}, ints(row, "shape"));
    }

    @Test
    void twoChannelBatchWithIndices() {
        Row row = runOne("textbook-two-channel.yaml");
        assertArrayEquals(new float[] {
            5, 7,
            13, 15,

            6, 8,
            14, 16}, floats(row, "x"));
        assertArrayEquals(new int[] {1, 2, 2, 2}, ints(row, "shape"));
        assertArrayEquals(new long[] {5, 7, 13, 15, 5, 7, 13, 15}, longs(row, "indices"));
    }

    @Test
    void threeByThreeMaxWithTwoByTwoWindows() {
        Row row = runOne("textbook-3x3-max.yaml");
        assertArrayEquals(new float[] {
            4, 5,
            7, 8}, floats(row, "x"));
        assertArrayEquals(new int[] {1, 2, 2}, ints(row, "shape"), "a fixed input shape adds a shape column");
    }

    @Test
    void threeByThreeAverageWithTwoByTwoWindows() {
        Row row = runOne("textbook-3x3-avg.yaml");
        assertArrayEquals(new float[] {
            2, 3,
            5, 6}, floats(row, "x"));
        assertArrayEquals(new int[] {1, 2, 2}, ints(row, "shape"));
    }
}
