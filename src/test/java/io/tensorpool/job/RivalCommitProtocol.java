package io.tensorpool.job;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.spark.internal.io.FileCommitProtocol;
import org.apache.spark.sql.execution.datasources.SQLHadoopMapReduceCommitProtocol;

/**
 * Spark's commit protocol plus a rival: when the first task of a write commits, another "run"
 * creates {@link #rivalOutput} (when set), as a concurrent run of the same output would have done
 * while this one worked. Lets a test put the race between two runs exactly between a run's start
 * and its publication. Set with {@code spark.sql.sources.commitProtocolClass}.
 */
public final class RivalCommitProtocol extends SQLHadoopMapReduceCommitProtocol {
    private static final long serialVersionUID = 1L;

    /** The folder the rival creates, with a run report inside, at the next task commit; null for none. */
    static volatile Path rivalOutput;

    public RivalCommitProtocol(String jobId, String path, boolean dynamicPartitionOverwrite) {
        super(jobId, path, dynamicPartitionOverwrite);
    }

    /** Called on the driver as each task of the write commits: the rival comes while the job runs. */
    @Override
    public void onTaskCommit(FileCommitProtocol.TaskCommitMessage taskCommit) {
        super.onTaskCommit(taskCommit);
        Path rival = rivalOutput;
        if (rival != null) {
            rivalOutput = null;
            try {
                Files.createDirectories(rival);
                Files.writeString(rival.resolve(RunReport.FILE_NAME), "{\"run\":\"rival\"}\n");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
