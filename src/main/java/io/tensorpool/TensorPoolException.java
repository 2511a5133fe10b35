package io.tensorpool;

/**
 * The root of every error tensorpool reports to a user. Its message is one line meant for a
 * person running the job: what could not be done, why, and how to fix it. {@link #exitCode()}
 * is the process exit code the command-line entry point returns for it.
 */
public abstract class TensorPoolException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    protected TensorPoolException(String message, Throwable cause) {
        super(message, cause);
    }

    /** The exit code documented in the README for this kind of failure. */
    public abstract int exitCode();
}
