package io.tensorpool;

import java.util.Objects;

/**
 * The root of every error tensorpool reports to a user. Its message is one line meant for a
 * person running the job: what could not be done, why, and how to fix it. {@link #exitCode()}
 * is the process exit code the command-line entry point returns for it, one of {@link ExitCode}.
 */
public abstract class TensorPoolException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final ExitCode exit;

    protected TensorPoolException(ExitCode exit, String message, Throwable cause) {
        super(message, cause);
        this.exit = Objects.requireNonNull(exit, "exit");
    }

    /** The kind of failure, which decides the exit code. */
    public final ExitCode exit() {
        return exit;
    }

    /** The process exit code for this failure: {@code exit().code()}. */
    public final int exitCode() {
        return exit.code();
    }
}
