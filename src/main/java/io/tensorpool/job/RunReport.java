package io.tensorpool.job;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tensorpool.config.JobConfig;
import java.util.Map;
import org.apache.spark.sql.SparkSession;

/**
 * What one run did, as one JSON object: printed as a single line on stdout and written last
 * into the output folder as {@value #FILE_NAME}, so that a folder holding that file holds a
 * finished output. Keys are snake_case and stable: pipelines parse them.
 *
 * @param status             {@code succeeded}; {@code skipped} when {@code mode: ignore} found existing output;
 *                           {@code nothing_new} when an incremental run found no new input file
 * @param inputPath          {@code input.path} as given
 * @param outputPath         {@code output.path} as given
 * @param mode               the write mode used
 * @param recordsIn          records read
 * @param recordsOut         records written
 * @param badRecords         rejected records by reason
 * @param bytesIn            total size of the input files read
 * @param bytesOut           total size of the data files this run wrote
 * @param elapsedSeconds     wall time of the run on the session: from the start of {@link JobRunner#run} (the
 *                           config already loaded, the Spark session already started) until the output
 *                           and quarantine are written, just before they are published (the publishing
 *                           renames and this report's own file are not counted)
 * @param outputShapes       output shapes seen, with how many records had each
 * @param configHash         SHA-256 of the effective config's canonical JSON
 * @param config             the effective config, defaults filled in
 * @param sparkVersion       the Spark version that ran the job
 * @param applicationId      Spark's application id
 * @param incremental        with {@code input.incremental}: the batch and the files; else null
 */
public record RunReport(String status, String inputPath, String outputPath, String mode, long recordsIn, long recordsOut,
                 Map<String, Long> badRecords, long bytesIn, long bytesOut, double elapsedSeconds,
                 Map<String, Long> outputShapes, String configHash, String config, String sparkVersion,
                 String applicationId, Incremental incremental) {

    /** A report of a run that is not incremental. */
    public RunReport(String status, String inputPath, String outputPath, String mode, long recordsIn, long recordsOut,
                     Map<String, Long> badRecords, long bytesIn, long bytesOut, double elapsedSeconds,
                     Map<String, Long> outputShapes, String configHash, String config, String sparkVersion,
                     String applicationId) {
        this(status, inputPath, outputPath, mode, recordsIn, recordsOut, badRecords, bytesIn, bytesOut, elapsedSeconds,
                outputShapes, configHash, config, sparkVersion, applicationId, null);
    }

    /**
     * What an incremental run did with its input files.
     *
     * @param batchId      the id of the batch it published ({@code tensorpool_batch=<id>}), null when it
     *                     published none (no new files) or the report was written before publication
     *                     (the copy inside the batch folder, whose name is the id)
     * @param filesPooled  input files pooled by this run, changed ones included (listed in the batch's
     *                     {@code _tensorpool_batch.json})
     * @param filesSkipped input files skipped as already pooled by a published batch
     * @param filesChanged of the pooled files, those an earlier batch pooled in another version
     *                     (rewritten in place since)
     */
    public record Incremental(Integer batchId, int filesPooled, int filesSkipped, int filesChanged) {
    }

    /** This report with {@code incremental} set. */
    RunReport with(Incremental incremental) {
        return new RunReport(status, inputPath, outputPath, mode, recordsIn, recordsOut, badRecords, bytesIn, bytesOut,
                elapsedSeconds, outputShapes, configHash, config, sparkVersion, applicationId, incremental);
    }

    /** The report's name inside the output folder; hidden from Parquet readers by its underscore. */
    public static final String FILE_NAME = "_tensorpool.json";

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * The report step: the report of a run of {@code config} on {@code spark}.
     *
     * @param started {@link System#nanoTime()} when the run started
     */
    static RunReport of(JobConfig config, SparkSession spark, String status, RunCounters.Totals totals, long bytesIn,
                        long bytesOut, long started) {
        double elapsed = (System.nanoTime() - started) / 1e9;
        return new RunReport(status, config.input().path(), config.output().path(), config.output().mode().configName(),
                totals.recordsIn(), totals.recordsOut(), Map.copyOf(totals.badRecords()), bytesIn, bytesOut, elapsed,
                Map.copyOf(totals.outputShapes()), config.configHash(),
                config.toCanonicalJson(), spark.version(), spark.sparkContext().applicationId());
    }

    /** Total rejected records over every reason. */
    public long recordsBad() {
        return badRecords.values().stream().mapToLong(Long::longValue).sum();
    }

    /** The report as one line of JSON. */
    String toJson() {
        ObjectNode node = JSON.createObjectNode();
        node.put("status", status);
        node.put("input_path", inputPath);
        node.put("output_path", outputPath);
        node.put("mode", mode);
        node.put("records_in", recordsIn);
        node.put("records_out", recordsOut);
        node.put("records_bad", recordsBad());
        node.set("bad_records_by_reason", JSON.valueToTree(badRecords));
        node.put("bytes_in", bytesIn);
        node.put("bytes_out", bytesOut);
        node.put("elapsed_seconds", Math.round(elapsedSeconds * 1000) / 1000.0);
        node.set("output_shapes", JSON.valueToTree(outputShapes));
        node.put("config_hash", configHash);
        node.set("config", parse(config));
        node.put("spark_version", sparkVersion);
        node.put("application_id", applicationId);
        if (incremental != null) {
            if (incremental.batchId() == null) {
                node.putNull("batch_id");
            } else {
                node.put("batch_id", incremental.batchId());
            }
            node.put("files_pooled", incremental.filesPooled());
            node.put("files_skipped", incremental.filesSkipped());
            node.put("files_changed", incremental.filesChanged());
        }
        try {
            return JSON.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot render the run report: " + e.getMessage(), e);
        }
    }

    private static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the effective config is not JSON: " + e.getMessage(), e);
        }
    }
}
