package io.tensorpool.job;

import io.tensorpool.config.WriteMode;
import java.util.List;
import org.apache.hadoop.conf.Configuration;

/**
 * One publication in a JVM of its own, so that {@link PublishKillTest} can kill it between any
 * two steps: {@code TARGET RUN MODE} publishes the folder staged for run RUN beside TARGET,
 * exactly as a run of the job does after its Spark job.
 */
final class PublishProcess {
    private PublishProcess() {
    }

    public static void main(String[] args) {
        Configuration hadoop = new Configuration();
        StagedOutput staged = new StagedOutput(hadoop, args[0], args[1], "output", "output.path");
        new Publisher(hadoop, args[0], args[1]).publish(WriteMode.valueOf(args[2]), List.of(staged));
    }
}
