package io.tensorpool.job.sparkline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.tensorpool.SparkLineTest;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The jar knows the Spark line it was built for, finds the one it runs on, and refuses another by name. */
@SparkLineTest
class BuiltLineTest {
    private static final BuiltLine SPARK_35_212 = new BuiltLine("3.5.9", "2.12", "3.5_2.12",
            List.of("3.5_2.12", "3.5_2.13", "4.0_2.13", "4.1_2.13", "4.2_2.13"));

    @Test
    void theBuildRecordsItsLineAndFindsTheSparkItRunsOn() {
        BuiltLine built = BuiltLine.current();
        assertEquals(System.getProperty("tensorpool.spark.line"), built.line(), "the line Maven built");
        assertEquals(built.line(), BuiltLine.lineOf(built.sparkVersion(), built.scalaBinaryVersion()));
        // The tests run on the Spark the line is built against: the running versions are read back.
        assertEquals(built.sparkVersion(), BuiltLine.runningSparkVersion());
        assertEquals(built.line(), BuiltLine.lineOf(BuiltLine.runningSparkVersion(), BuiltLine.runningScalaVersion()));
        assertNull(built.mismatch(BuiltLine.runningSparkVersion(), BuiltLine.runningScalaVersion()));
    }

    @Test
    void anotherPatchReleaseOfTheLineRuns() {
        assertNull(SPARK_35_212.mismatch("3.5.1", "2.12.17"));
        assertNull(SPARK_35_212.mismatch("3.5.8-amzn-0", "2.12.18"));
    }

    @Test
    void anotherLineIsRefusedWithTheArtifactThatFits() {
        assertEquals("Cannot run on Spark 4.1.1 with Scala 2.13.17: this jar is built for Spark 3.5.9 with Scala 2.12"
                + " (line 3.5_2.12). Use tensorpool-spark4.1_2.13.jar, built for that line (see the README's table of"
                + " Spark lines; scripts/submit.sh picks it for $SPARK_HOME)", SPARK_35_212.mismatch("4.1.1", "2.13.17"));
        assertEquals("Cannot run on Spark 3.5.8 with Scala 2.13.8: this jar is built for Spark 3.5.9 with Scala 2.12"
                + " (line 3.5_2.12). Use tensorpool-spark3.5_2.13.jar, built for that line (see the README's table of"
                + " Spark lines; scripts/submit.sh picks it for $SPARK_HOME)", SPARK_35_212.mismatch("3.5.8", "2.13.8"));
    }

    @Test
    void aLineWithoutABuildIsRefusedWithTheLinesThatHaveOne() {
        assertEquals("Cannot run on Spark 3.4.4 with Scala 2.12.17: this jar is built for Spark 3.5.9 with Scala 2.12"
                + " (line 3.5_2.12). tensorpool is built for Spark 3.5_2.12, 3.5_2.13, 4.0_2.13, 4.1_2.13, 4.2_2.13"
                + " (Spark_Scala); run on one of those", SPARK_35_212.mismatch("3.4.4", "2.12.17"));
    }
}
