package io.tensorpool.job;

import io.tensorpool.ExitCode;
import io.tensorpool.TensorPoolException;
import io.tensorpool.config.CommandLine;
import io.tensorpool.config.ConfigLoader;
import io.tensorpool.config.HelpRequest;
import io.tensorpool.config.Invocation;
import io.tensorpool.config.JobConfig;
import io.tensorpool.config.RecoverArguments;
import io.tensorpool.config.RunArguments;
import io.tensorpool.job.sparkline.BuiltLine;
import java.io.PrintStream;
import java.util.List;
import java.util.function.Supplier;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The command-line entry point, for {@code spark-submit} and {@code scripts/tensorpool} alike:
 * {@code run --config FILE [--input PATH] [--output PATH] [--mode MODE] [--set key=value ...] [--force]
 * [--verbose]}, or {@code recover --output PATH [--verbose]}.
 *
 * <p>The config is parsed and checked before a Spark session exists, so a config mistake costs
 * no cluster time; so are its paths, against each other on their file systems
 * ({@link PathOverlapCheck}). The exit codes are {@link ExitCode}'s: a {@link TensorPoolException}
 * exits with its own, any other failure with {@link ExitCode#FAILED}. Errors are one line on
 * stderr (the stack trace too with {@code --verbose}, and without it Spark's own logs of a
 * failure the job reports are left out: {@link ReportedFailureFilter}); the run report is one
 * JSON line on stdout.
 */
public final class TensorPoolMain {
    private static final Logger LOG = LoggerFactory.getLogger(TensorPoolMain.class);
    static final String PREFIX = "tensorpool: ";

    private TensorPoolMain() {
    }

    public static void main(String[] args) {
        if (!verbose(args)) {
            ReportedFailureFilter.install();
        }
        int code = run(args, System.out, System.err, Sessions::getOrCreate);
        if (code != 0) {
            // Only failures exit explicitly: on success main returns after spark.stop(), as
            // spark-submit's cluster deploy mode expects.
            System.exit(code);
        }
    }

    /** Runs the command line and returns the exit code; the session is stopped before returning. */
    static int run(String[] args, PrintStream out, PrintStream err, Supplier<SparkSession> sessions) {
        boolean verbose = verbose(args);
        RunArguments arguments;
        JobConfig config;
        try {
            Invocation invocation = CommandLine.parse(args);
            if (invocation instanceof HelpRequest) {
                out.print(CommandLine.usage());
                return ExitCode.SUCCESS.code();
            }
            if (invocation instanceof RecoverArguments recover) {
                return recover(recover, out, err);
            }
            arguments = (RunArguments) invocation;
            config = ConfigLoader.load(arguments);
            // Before anything touches Spark's classes (SparkConf logs on first use): on another
            // line the one message naming the jar that fits must stand alone.
            String mismatch = sparkLineMismatch();
            if (mismatch != null) {
                throw new PreconditionException(mismatch);
            }
            PathOverlapCheck.check(config, SparkHadoopConf.beforeSession());
        } catch (TensorPoolException e) {
            return fail(e, e.getMessage(), e.exitCode(), verbose, err);
        } catch (RuntimeException e) {
            return failUnexpectedly(e, verbose, err);
        }
        SparkSession spark = sessions.get();
        try {
            RunReport report = new JobRunner(spark, arguments.force()).run(config);
            out.println(report.toJson());
            out.flush();
            err.println(PREFIX + summary(report));
            return ExitCode.SUCCESS.code();
        } catch (Throwable t) {
            TensorPoolException known = Failures.find(t);
            if (known != null) {
                return fail(t, known.getMessage(), known.exitCode(), verbose, err);
            }
            return failUnexpectedly(t, verbose, err);
        } finally {
            spark.stop();
        }
    }

    /** {@code --verbose} anywhere: known before the arguments are parsed, so that their errors honour it. */
    private static boolean verbose(String[] args) {
        for (String arg : args) {
            if (arg.equals("--verbose")) {
                return true;
            }
        }
        return false;
    }

    /**
     * {@code recover}: finishes an interrupted publication of the output and prints what it found
     * and did, one line each, on stdout. Needs no Spark session, only Hadoop's file systems
     * (configured as Spark would: {@code spark.hadoop.*} settings apply).
     */
    private static int recover(RecoverArguments recover, PrintStream out, PrintStream err) {
        try {
            Configuration hadoop = SparkHadoopConf.beforeSession();
            Publisher publisher = new Publisher(hadoop, recover.output(), "recover");
            List<String> done = publisher.recover();
            if (done.isEmpty()) {
                out.println("Nothing to recover: no publication of " + recover.output() + " was interrupted");
            }
            done.forEach(out::println);
            out.flush();
            return ExitCode.SUCCESS.code();
        } catch (Throwable t) {
            TensorPoolException known = Failures.find(t);
            if (known != null) {
                return fail(t, known.getMessage(), known.exitCode(), recover.verbose(), err);
            }
            return fail(t, "recover failed: " + Failures.describe(t) + " (run with --verbose for the stack trace)",
                    ExitCode.FAILED.code(), recover.verbose(), err);
        }
    }

    /**
     * Null when the Spark and Scala on the classpath are the line this jar was built for; else
     * the message naming the artifact that fits. Checked before a session exists: a jar of
     * another line may fail in the session's own start-up, with an error that names no version.
     */
    private static String sparkLineMismatch() {
        String running = BuiltLine.runningSparkVersion();
        if (running == null) {
            LOG.warn("The Spark jars do not say their version (no spark-version-info.properties); this jar is built for"
                    + " Spark {}", BuiltLine.current().sparkVersion());
            return null;
        }
        return BuiltLine.current().mismatch(running, BuiltLine.runningScalaVersion());
    }

    private static String summary(RunReport report) {
        if (report.status().equals("skipped")) {
            return "output " + report.outputPath() + " exists and mode is ignore: nothing written";
        }
        RunReport.Incremental incremental = report.incremental();
        if (report.status().equals("nothing_new")) {
            return "no new input files (" + incremental.filesSkipped() + " already pooled): nothing published to "
                    + report.outputPath();
        }
        String folder = incremental == null ? report.outputPath()
                : report.outputPath() + "/" + OutputBatches.folderName(incremental.batchId());
        return "pooled " + report.recordsOut() + " of " + report.recordsIn() + " records into " + folder
                + (incremental == null ? "" : " from " + incremental.filesPooled() + " new files ("
                + incremental.filesChanged() + " rewritten in place; " + incremental.filesSkipped() + " skipped)")
                + " (report: " + folder + "/" + RunReport.FILE_NAME + ")";
    }

    /** A failure the job did not anticipate, such as an I/O error: exit 1, a retry may pass. */
    private static int failUnexpectedly(Throwable t, boolean verbose, PrintStream err) {
        return fail(t, "the job failed: " + Failures.describe(t) + " (run with --verbose for the stack trace)",
                ExitCode.FAILED.code(), verbose, err);
    }

    private static int fail(Throwable t, String message, int code, boolean verbose, PrintStream err) {
        err.println(PREFIX + message);
        if (verbose) {
            t.printStackTrace(err);
        } else {
            LOG.debug("failure", t);
        }
        return code;
    }
}
