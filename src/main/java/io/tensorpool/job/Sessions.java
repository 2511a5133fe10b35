package io.tensorpool.job;

import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;

/**
 * Obtains the Spark session a run uses. Nothing about the cluster is hard-coded: under
 * {@code spark-submit} the master, memory and cores come from its settings; only when no master
 * is configured at all (a plain {@code java} launch by {@code scripts/tensorpool}) does the job
 * start an embedded {@code local[*]} Spark.
 */
final class Sessions {
    static final String APP_NAME = "tensorpool";

    private Sessions() {
    }

    static SparkSession getOrCreate() {
        // SparkConf() reads the spark.* system properties spark-submit sets, spark.master among them.
        SparkConf conf = new SparkConf();
        SparkSession.Builder builder = SparkSession.builder().appName(APP_NAME);
        if (!conf.contains("spark.master")) {
            builder.master("local[*]");
        }
        return builder.getOrCreate();
    }
}
