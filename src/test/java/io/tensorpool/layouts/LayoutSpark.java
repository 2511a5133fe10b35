package io.tensorpool.layouts;

import org.apache.spark.sql.SparkSession;

/**
 * The one Spark session of the test JVM, built exactly as {@code io.tensorpool.job.SparkTestSession}
 * builds it ({@code local[2]}, UI off, loopback, two shuffle partitions). Whichever of the two
 * holders asks first creates it; {@code getOrCreate} hands the other the same session, so the
 * layout tests and the job tests never pay Spark's start-up twice in one JVM.
 */
final class LayoutSpark {
    private static SparkSession session;

    private LayoutSpark() {
    }

    static synchronized SparkSession get() {
        if (session == null) {
            session = SparkSession.builder()
                    .master("local[2]")
                    .appName("tensorpool-tests")
                    .config("spark.ui.enabled", "false")
                    .config("spark.driver.host", "127.0.0.1")
                    .config("spark.driver.bindAddress", "127.0.0.1")
                    .config("spark.sql.shuffle.partitions", "2")
                    .getOrCreate();
            SparkSession stopped = session;
            Runtime.getRuntime().addShutdownHook(new Thread(stopped::stop));
        }
        return session;
    }
}
