package io.tensorpool.job;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tensorpool.SparkLineTest;
import java.io.IOException;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.Filter.Result;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.impl.Log4jLogEvent;
import org.apache.logging.log4j.message.SimpleMessage;
import org.apache.spark.SparkException;
import org.junit.jupiter.api.Test;

/**
 * Which log events the filter drops: those about a failure the job reports itself, and Spark's
 * one-line account of that abort after it; never a failure of any other kind.
 */
@SparkLineTest
class ReportedFailureFilterTest {
    private final ReportedFailureFilter filter = new ReportedFailureFilter();

    private static LogEvent event(Level level, String message, Throwable thrown) {
        return Log4jLogEvent.newBuilder().setLoggerName("org.apache.spark.scheduler.TaskSetManager").setLevel(level)
                .setMessage(new SimpleMessage(message)).setThrown(thrown).build();
    }

    private static RecordRejectedException badRecord() {
        return new RecordRejectedException("shape_mismatch", "Cannot pool row 0 of f.parquet: column x holds 16"
                + " elements but its shape [3, 3] needs 9", null);
    }

    @Test
    void anEventWhoseThrowableWrapsOurFailureIsDropped() {
        SparkException wrapped = new SparkException("Job aborted due to stage failure", badRecord());
        assertEquals(Result.DENY, filter.filter(event(Level.ERROR, "Aborting job 1.", wrapped)));
        assertEquals(Result.DENY, filter.filter(event(Level.ERROR, "Exception in task 0.0", badRecord())));
    }

    @Test
    void aTaskFailureShippedAsTextThatNamesOurFailureIsDropped() {
        assertEquals(Result.DENY, filter.filter(event(Level.WARN, "Lost task 0.0 in stage 1.0 (TID 1) (host executor"
                + " 1): io.tensorpool.job.RecordRejectedException: Cannot pool row 0\n\tat io.tensorpool.job"
                + ".PartitionPooler.call(PartitionPooler.java:80)", null)));
        assertEquals(Result.DENY, filter.filter(event(Level.INFO, "Lost task 0.1 in stage 1.0 (TID 2) on host,"
                + " executor 1: io.tensorpool.job.RecordRejectedException (Cannot pool row 0) [duplicate 1]", null)));
    }

    @Test
    void otherFailuresStillLog() {
        assertEquals(Result.NEUTRAL, filter.filter(event(Level.ERROR, "Exception in task 0.0",
                new IOException("No space left on device"))));
        assertEquals(Result.NEUTRAL, filter.filter(event(Level.WARN, "Lost task 0.0 in stage 1.0 (TID 1): "
                + "java.io.IOException: No space left on device\n\tat io.tensorpool.job.PartitionPooler.call("
                + "PartitionPooler.java:80)\n\tat io.tensorpool.job.RecordRejectedException.<init>(x.java:1)", null)));
        assertEquals(Result.NEUTRAL, filter.filter(event(Level.WARN, "Lost task: io.tensorpool.job.NoSuchException:"
                + " not one of ours", null)));
    }

    @Test
    void sparksAccountOfTheAbortIsDroppedOnlyAfterOurFailure() {
        LogEvent aborting = event(Level.ERROR, "Task 0 in stage 1.0 failed 4 times; aborting job", null);
        LogEvent aborted = event(Level.ERROR, "Job: job_1, Task: task_1, Task attempt attempt_1_m_000000_1 aborted.",
                null);
        // Spark 3.5's FileFormatWriter says so once more, without the throwable.
        LogEvent jobAborted = event(Level.ERROR, "Job job_202612031628293451235331194753768_0001 aborted.", null);
        assertEquals(Result.NEUTRAL, filter.filter(aborting));
        assertEquals(Result.NEUTRAL, filter.filter(aborted));
        assertEquals(Result.NEUTRAL, filter.filter(jobAborted));
        filter.filter(event(Level.ERROR, "Aborting task", badRecord()));
        assertEquals(Result.DENY, filter.filter(aborting));
        assertEquals(Result.DENY, filter.filter(aborted));
        assertEquals(Result.DENY, filter.filter(jobAborted));
    }
}
