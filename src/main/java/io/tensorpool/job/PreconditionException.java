package io.tensorpool.job;

import io.tensorpool.ExitCode;
import io.tensorpool.TensorPoolException;

/**
 * The input or output does not fit the config, found on the driver before any record is read:
 * the input path does not exist, the tensor column is missing or of the wrong type, the output
 * already exists under {@code mode: error}. Retrying will not help, so it shares
 * {@link ExitCode#USAGE_OR_CONFIG} with config errors.
 */
public final class PreconditionException extends TensorPoolException {
    private static final long serialVersionUID = 1L;

    PreconditionException(String message) {
        super(ExitCode.USAGE_OR_CONFIG, message, null);
    }

    PreconditionException(String message, Throwable cause) {
        super(ExitCode.USAGE_OR_CONFIG, message, cause);
    }
}
