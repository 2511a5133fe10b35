package io.tensorpool.job;

import org.apache.hadoop.conf.Configuration;
import org.apache.spark.SparkConf;
import scala.Tuple2;

/**
 * The Hadoop configuration a Spark session would give the job, built without starting one, so
 * that paths can be checked on their file systems before Spark starts: Hadoop's own files
 * ({@code core-site.xml} and the rest, from the classpath) with every {@code spark.hadoop.foo}
 * setting applied as {@code foo}, the rule Spark itself follows.
 */
final class SparkHadoopConf {
    private static final String PREFIX = "spark.hadoop.";

    private SparkHadoopConf() {
    }

    /** From the settings {@code spark-submit} or {@code -Dspark.*} options gave this JVM. */
    static Configuration beforeSession() {
        return of(new SparkConf());
    }

    static Configuration of(SparkConf spark) {
        Configuration hadoop = new Configuration();
        for (Tuple2<String, String> setting : spark.getAll()) {
            if (setting._1().startsWith(PREFIX)) {
                hadoop.set(setting._1().substring(PREFIX.length()), setting._2());
            }
        }
        return hadoop;
    }
}
