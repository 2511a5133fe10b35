package io.tensorpool.ml;

import org.apache.spark.ml.PipelineModel;
import org.apache.spark.sql.SparkSession;

/**
 * Run in a JVM of its own by {@link Pool2dTest}: loads a saved {@link PipelineModel} in a fresh
 * session, transforms a Parquet input with it and writes the rows as Parquet.
 * Arguments: the model's folder, the input and the output.
 */
public final class SavedPipelineRun {
    private SavedPipelineRun() {
    }

    public static void main(String[] args) {
        SparkSession spark = SparkSession.builder().master("local[1]").appName("saved-pipeline")
                .config("spark.ui.enabled", "false")
                .config("spark.driver.host", "127.0.0.1")
                .config("spark.driver.bindAddress", "127.0.0.1")
                .getOrCreate();
        try {
            PipelineModel model = PipelineModel.load(args[0]);
            model.transform(spark.read().parquet(args[1])).write().parquet(args[2]);
        } finally {
            spark.stop();
        }
    }
}
