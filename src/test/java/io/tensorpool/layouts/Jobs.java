package io.tensorpool.layouts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.tensorpool.TensorPoolException;
import io.tensorpool.config.ConfigLoader;
import io.tensorpool.config.ConfigOverrides;
import io.tensorpool.config.JobConfig;
import io.tensorpool.job.JobRunner;
import io.tensorpool.job.RecordRejectedException;
import io.tensorpool.job.RunReport;
import io.tensorpool.job.SparkTestSession;
import java.nio.file.Path;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Runs the job the way users do, from YAML, and reads back what it wrote: the run report, the
 * output rows, the exception of a failed run, the quarantined rows.
 */
final class Jobs {
    private Jobs() {
    }

    static SparkSession spark() {
        return SparkTestSession.get();
    }

    /** A config from YAML text; {@code output.path} comes from {@code output} as {@code --output} would. */
    static JobConfig yaml(String text, Path output) {
        return ConfigLoader.fromYaml(text, "layouts-test.yaml", ConfigOverrides.none().withOutput(output.toString()));
    }

    static RunReport run(JobConfig config) {
        return new JobRunner(spark()).run(config);
    }

    /** Runs a config that must fail and returns the user-facing cause: the first TensorPoolException in the chain. */
    static TensorPoolException failure(JobConfig config) {
        Throwable thrown = assertThrows(Throwable.class, () -> run(config), "the run must fail");
        Map<Throwable, Boolean> seen = new IdentityHashMap<>();
        for (Throwable c = thrown; c != null && seen.put(c, true) == null; c = c.getCause()) {
            if (c instanceof TensorPoolException known) {
                return known;
            }
        }
        return fail("no TensorPoolException in the cause chain of " + thrown, thrown);
    }

    /**
     * Runs a config under {@code on_bad_record: fail} that must stop on a bad record, and checks
     * that the exception names the reason key, the column and the problem.
     *
     * @return the message, for further checks
     */
    static String rejected(JobConfig config, String reason, String column, String problem) {
        TensorPoolException e = failure(config);
        RecordRejectedException rejected = assertInstanceOf(RecordRejectedException.class, e, e.toString());
        String message = rejected.getMessage();
        assertEquals(reason, rejected.reason(), message);
        assertEquals(1, rejected.exitCode());
        assertTrue(message.startsWith("Cannot pool row ") && message.contains(" of file:/")
                && message.contains("/part-"), "names the row and the file it is in: " + message);
        assertNamesColumnAndProblem(message, column, problem);
        return message;
    }

    /** The message names the column (quoted or not) and says what is wrong. */
    static void assertNamesColumnAndProblem(String message, String column, String problem) {
        assertTrue(message.contains("column " + column + " ") || message.contains("column '" + column + "'")
                || message.contains("column " + column + "."), "names column " + column + ": " + message);
        assertTrue(message.contains(problem), "says '" + problem + "': " + message);
    }

    /** The {@code errors} section that quarantines every bad record into {@code quarantine} and fails none. */
    static String quarantineTo(Path quarantine) {
        return "{on_bad_record: quarantine, quarantine_path: '" + quarantine + "', max_bad_fraction: 1}";
    }

    /** What the quarantine holds: each rejected row's {@code id} with its reason key and message, by id. */
    static Map<Integer, String[]> quarantined(Path quarantine) {
        Map<Integer, String[]> byId = new LinkedHashMap<>();
        for (Row row : rows(quarantine, "id")) {
            byId.put(row.<Integer>getAs("id"),
                    new String[] {row.getAs("tensorpool_reason"), row.getAs("tensorpool_error")});
        }
        return byId;
    }

    /**
     * Checks one quarantined row: its reason key, and a message naming the column and the problem.
     */
    static void assertQuarantined(Map<Integer, String[]> quarantined, int id, String reason, String column,
                                  String problem) {
        String[] entry = quarantined.get(id);
        if (entry == null) {
            fail("row " + id + " is not in the quarantine; it holds " + quarantined.keySet());
        }
        assertEquals(reason, entry[0], "reason of row " + id + ": " + entry[1]);
        assertNamesColumnAndProblem(entry[1], column, problem);
    }

    /** The rows of a Parquet dataset ordered by {@code orderBy}. */
    static List<Row> rows(Path path, String orderBy) {
        return spark().read().parquet(path.toString()).orderBy(orderBy).collectAsList();
    }

    static String str(Path path) {
        return "'" + path.toString().replace("'", "''") + "'";
    }
}
