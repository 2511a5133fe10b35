package io.tensorpool;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;

/**
 * Marks a test class that exercises the job on Spark itself (its reads, writes, plans and
 * internal rows), so that it runs on every Spark line a profile builds: CI runs the tests with
 * this tag ({@code -Dtest.groups=spark-line}) once per line besides the default line's full run.
 * Kernel and config tests do not touch Spark and run once.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Tag(SparkLineTest.TAG)
public @interface SparkLineTest {
    /** The JUnit tag, as pom.xml's {@code test.groups} and {@code .ci/run} name it. */
    String TAG = "spark-line";
}
