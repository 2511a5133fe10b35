/**
 * The one place that knows which Spark line the job runs on: 3.5 (Scala 2.12 or 2.13), 4.0, 4.1
 * or 4.2. Everything else in the job is written once, against the API all lines share.
 *
 * <p>{@link io.tensorpool.job.sparkline.SparkLine} holds the calls whose form differs between
 * lines; each line's implementation, {@code LineCalls}, lives in a source folder of its own,
 * {@code src/main/spark-3.5/java} (3.5, where {@code Dataset} and {@code SparkSession} are the
 * classes that run) and {@code src/main/spark-4/java} (4.x, where they are the API shared with
 * Spark Connect and the classes that run are in {@code org.apache.spark.sql.classic}). The Maven
 * profile of a line adds its folder ({@code spark.line.sources} in {@code pom.xml}), so the
 * compiler binds the call; nothing is looked up at run time.
 * {@link io.tensorpool.job.sparkline.BuiltLine} records the line a jar was built for and refuses
 * to start the job on another, naming the artifact that fits.
 *
 * <h2>Adding a call</h2>
 * <ol>
 *   <li>Check the call against every line's source (Spark's {@code sql/core}, the tags
 *       {@code v3.5.*}, {@code v4.0.*}, {@code v4.1.*}, {@code v4.2.*}): if one form compiles and
 *       behaves the same on all of them, write it in place; it needs no entry here.</li>
 *   <li>Otherwise add a method to {@code SparkLine} that says what the caller gets, in the terms
 *       of types every line has (no {@code org.apache.spark.sql.classic} type in its
 *       signature), with Javadoc.</li>
 *   <li>Implement it in both {@code LineCalls} classes; say in a comment what differs.</li>
 *   <li>Call it as {@code SparkLine.get().method(...)}.</li>
 *   <li>When a line lacks a capability altogether, return what lets the caller take the
 *       portable path (as {@code ColumnarScan.of} returns null), and have the caller log which
 *       path it took: the output must be the same either way.</li>
 *   <li>Build and run the job's Spark tests on every line:
 *       {@code mvn -B verify -P<profile> -Dtest.groups=spark-line} for each profile, as
 *       {@code .ci/run} does.</li>
 * </ol>
 * A new line is a profile in {@code pom.xml} (its versions, its {@code spark.line} and build
 * folder), an entry in {@code spark.lines}, in {@code scripts/lib/common.sh}'s
 * {@code TENSORPOOL_LINES} and {@code line_profile}, in {@code .ci/run} and in the README's table
 * ({@code SparkLinesTest} checks that they agree), and a {@code LineCalls} folder if its calls
 * differ from every existing one's.
 */
package io.tensorpool.job.sparkline;
