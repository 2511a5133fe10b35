package io.tensorpool.job;

import org.apache.spark.sql.SparkSession;

/**
 * The Spark session every test shares (the job, layout and cluster tests): {@code local[2]} so
 * that partitioning is real, UI off, bound to loopback, few shuffle partitions. One per test JVM,
 * created on first use and stopped when the JVM exits, so test classes do not pay Spark's
 * start-up again and again.
 */
public final class SparkTestSession {
    private static SparkSession session;

    private SparkTestSession() {
    }

    public static synchronized SparkSession get() {
        if (session == null) {
            session = SparkSession.builder()
                    .master("local[2]")
                    .appName("tensorpool-tests")
                    .config("spark.ui.enabled", "false")
                    .config("spark.driver.host", "127.0.0.1")
                    .config("spark.driver.bindAddress", "127.0.0.1")
                    .config("spark.sql.shuffle.partitions", "2")
                    .getOrCreate();
            Runtime.getRuntime().addShutdownHook(new Thread(session::stop));
        }
        return session;
    }
}
