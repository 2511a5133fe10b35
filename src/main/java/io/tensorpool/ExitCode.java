package io.tensorpool;

/**
 * The process exit codes of the command-line entry point, each with the one-line meaning that
 * {@code --help} prints and the README's "Exit codes" table starts its row with (a test holds
 * both to this enum), and whether a scheduler should retry. Every {@link TensorPoolException}
 * carries one.
 */
public enum ExitCode {
    /** The job ran and published its output, or {@code mode: ignore} found the output already there. */
    SUCCESS(0, "success", ""),
    /** A failure while records were being read, pooled or written: a bad record under {@code fail}, I/O, Spark. */
    FAILED(1, "the job failed while running", "a transient failure may pass on retry; a bad record will not"),
    /** Found before any record is read: the command line, the config, or an input or output that does not fit it. */
    USAGE_OR_CONFIG(2, "bad usage or config, or an input/output that does not fit the config",
            "no: fix the command or config"),
    /** More records were bad than {@code errors.max_bad_fraction} allows; nothing was published. */
    TOO_MANY_BAD_RECORDS(3, "more records were bad than errors.max_bad_fraction allows; nothing was published",
            "no: the data got worse; look at the counts in the message");

    private final int code;
    private final String meaning;
    private final String retry;

    ExitCode(int code, String meaning, String retry) {
        this.code = code;
        this.meaning = meaning;
        this.retry = retry;
    }

    /** The number the process exits with. */
    public int code() {
        return code;
    }

    /** What the code means, in one line. */
    public String meaning() {
        return meaning;
    }

    /** Whether running again may help, and what to do instead; empty for {@link #SUCCESS}. */
    public String retry() {
        return retry;
    }
}
