package io.tensorpool.job;

import io.tensorpool.TensorPoolException;
import java.beans.PropertyChangeEvent;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.Filter;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.filter.AbstractFilter;

/**
 * Keeps Spark's logs of a failure the job reports itself off stderr: a bad record under
 * {@code on_bad_record: fail} reaches the driver through Spark's task, stage and write
 * failures, and each of them logs the whole stack trace, about 200 lines in all, ahead of the
 * one {@code tensorpool:} line that says what is wrong. Installed by the entry point unless
 * {@code --verbose} is given.
 *
 * <p>It drops exactly the log events that are about a {@link TensorPoolException}: those whose
 * throwable has one in its cause chain, and those whose text names one (a task's failure
 * reaches the driver as text), and after such an event, Spark's one-line accounts of the same
 * abort ("Task attempt ... aborted.", "Task 0 in stage 1.0 failed 1 times; aborting job", and
 * Spark 3.5's "Job ... aborted."). Any
 * other failure, a real I/O error among them, is logged as before.
 *
 * <p>Works with any log4j2 configuration ({@code conf/log4j2.properties}, Spark's defaults under
 * {@code spark-submit}, a user's own): the filter is attached to every logger configuration, and
 * again whenever log4j2 is reconfigured. Under another logging backend it does nothing.
 */
final class ReportedFailureFilter extends AbstractFilter {
    /** A class name of ours followed by its message, as a failure's text shows an exception. */
    private static final Pattern NAMED_EXCEPTION = Pattern.compile("(io\\.tensorpool\\.[\\w.$]+)(?=: | \\()");
    /** Spark's one-line accounts of an abort, logged after the failure itself. */
    private static final Pattern ABORT_ACCOUNT =
            Pattern.compile("Task attempt \\S+ aborted\\.|Task \\S+ in stage \\S+ failed \\d+ times; aborting job"
                    + "|Job \\S+ aborted\\.");

    private final Map<String, Boolean> ourExceptionNames = new ConcurrentHashMap<>();
    private volatile boolean reportedFailureSeen;

    ReportedFailureFilter() {
        super(Result.NEUTRAL, Result.NEUTRAL);
    }

    /** Attaches a filter to the current log4j2 configuration and to every later one. */
    static void install() {
        try {
            if (!(LogManager.getContext(false) instanceof LoggerContext context)) {
                return;
            }
            ReportedFailureFilter filter = new ReportedFailureFilter();
            filter.start();
            filter.attachTo(context.getConfiguration());
            context.addPropertyChangeListener((PropertyChangeEvent change) -> {
                if (LoggerContext.PROPERTY_CONFIG.equals(change.getPropertyName())
                        && change.getNewValue() instanceof Configuration reconfigured) {
                    filter.attachTo(reconfigured);
                }
            });
        } catch (LinkageError notLog4j2) {
            // Another logging backend: its logs stay as they are.
        }
    }

    private void attachTo(Configuration configuration) {
        attachTo(configuration.getRootLogger());
        for (LoggerConfig logger : configuration.getLoggers().values()) {
            attachTo(logger);
        }
    }

    private void attachTo(LoggerConfig logger) {
        if (!logger.hasFilter() || !containsThis(logger.getFilter())) {
            logger.addFilter(this);
        }
    }

    private boolean containsThis(Filter filter) {
        if (filter == this) {
            return true;
        }
        if (filter instanceof org.apache.logging.log4j.core.filter.CompositeFilter composite) {
            for (Filter part : composite.getFiltersArray()) {
                if (part == this) {
                    return true;
                }
            }
        }
        return false;
    }

    @Override
    public Result filter(LogEvent event) {
        if (Failures.find(event.getThrown()) != null) {
            reportedFailureSeen = true;
            return Result.DENY;
        }
        String text = event.getMessage().getFormattedMessage();
        if (text == null) {
            return Result.NEUTRAL;
        }
        if (namesOurException(text)) {
            reportedFailureSeen = true;
            return Result.DENY;
        }
        if (reportedFailureSeen && event.getThrown() == null && ABORT_ACCOUNT.matcher(text).find()) {
            return Result.DENY;
        }
        return Result.NEUTRAL;
    }

    private boolean namesOurException(String text) {
        Matcher names = NAMED_EXCEPTION.matcher(text);
        while (names.find()) {
            if (ourExceptionNames.computeIfAbsent(names.group(1), ReportedFailureFilter::isTensorPoolException)) {
                return true;
            }
        }
        return false;
    }

    private static boolean isTensorPoolException(String className) {
        try {
            return TensorPoolException.class.isAssignableFrom(
                    Class.forName(className, false, TensorPoolException.class.getClassLoader()));
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }
}
