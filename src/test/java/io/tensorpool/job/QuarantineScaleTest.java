package io.tensorpool.job;

import static io.tensorpool.job.JobTestSupport.spark;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The quarantine scales like the output: a run in which 300,000 of 303,030 records are bad, on a
 * driver with a 512 MB heap and {@code spark.driver.maxResultSize} of 1 MB, quarantines every bad
 * record (the tasks write them; the driver learns a file name per partition) and counts exactly.
 */
class QuarantineScaleTest {
    private static final long RECORDS = 303_030;
    /** Every 101st record is good. */
    private static final long GOOD = (RECORDS + 100) / 101;

    @TempDir
    Path temp;

    @Test
    void aRunOfMostlyBadRecordsQuarantinesThemAllOnASmallDriver() throws Exception {
        Path input = temp.resolve("in.parquet");
        spark().range(0, RECORDS, 1, 8)
                .selectExpr("id", "IF(id % 101 = 0, array(cast(id as float), 1f, 2f, 3f), array(cast(id as float), 1f,"
                        + " 2f)) AS x", "array(2, 2) AS shape")
                .write().parquet(input.toString());
        Path config = temp.resolve("job.yaml");
        Path output = temp.resolve("out");
        Path quarantine = temp.resolve("quarantine");
        Files.writeString(config, """
                input: {path: %s, tensor: {column: x, shape_column: shape}}
                ops: [{op: max_pool2d, kernel_size: 2}]
                output: {path: %s}
                errors: {on_bad_record: quarantine, quarantine_path: %s, max_bad_fraction: 1.0}
                """.formatted(input, output, quarantine));

        Path log = temp.resolve("child.log");
        Path stdout = temp.resolve("child.out");
        Process run = new ProcessBuilder(command(config)).redirectError(log.toFile()).redirectOutput(stdout.toFile())
                .start();
        assertTrue(run.waitFor(10, TimeUnit.MINUTES), "the run did not end");
        assertEquals(0, run.exitValue(), tail(log));

        JsonNode report = new ObjectMapper().readTree(Files.readString(stdout));
        assertEquals(RECORDS, report.path("records_in").asLong());
        assertEquals(GOOD, report.path("records_out").asLong());
        assertEquals(RECORDS - GOOD, report.path("records_bad").asLong());
        assertEquals(RECORDS - GOOD, report.path("bad_records_by_reason").path("shape_mismatch").asLong());

        assertEquals(RECORDS - GOOD, spark().read().parquet(quarantine.toString()).count());
        assertEquals(0, spark().read().parquet(quarantine.toString()).where("id % 101 = 0").count(),
                "no good record is quarantined");
        try (Connection duck = DriverManager.getConnection("jdbc:duckdb:");
             Statement statement = duck.createStatement();
             ResultSet counts = statement.executeQuery("SELECT count(*), count(DISTINCT id), min(len(x)), max(len(x))"
                     + " FROM read_parquet('" + quarantine + "/*.parquet')")) {
            assertTrue(counts.next());
            assertEquals(RECORDS - GOOD, counts.getLong(1), "DuckDB reads every quarantined row");
            assertEquals(RECORDS - GOOD, counts.getLong(2), "each bad record once");
            assertEquals(3, counts.getInt(3));
            assertEquals(3, counts.getInt(4));
        }
    }

    /** The job in a JVM of its own with a small heap and a small limit on results sent to the driver. */
    private static List<String> command(Path config) throws Exception {
        return ChildJvm.command(List.of("-Xmx512m", "-Dspark.master=local[2]", "-Dspark.driver.maxResultSize=1m",
                "-Dspark.ui.enabled=false", "-Dspark.driver.host=127.0.0.1", "-Dspark.driver.bindAddress=127.0.0.1"),
                TensorPoolMain.class, "run", "--config", config.toString());
    }

    private static String tail(Path log) throws Exception {
        List<String> lines = Files.readAllLines(log);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
    }
}
