package io.tensorpool.job;

import io.tensorpool.ExitCode;
import io.tensorpool.TensorPoolException;

/**
 * A run stopped on a record that cannot be pooled, under {@code errors.on_bad_record: fail}.
 * The message names the file, the row inside it, the column and the problem. {@link ExitCode#FAILED}.
 */
public final class RecordRejectedException extends TensorPoolException {
    private static final long serialVersionUID = 1L;

    private final String reason;

    RecordRejectedException(String reason, String message, Throwable cause) {
        super(ExitCode.FAILED, message, cause);
        this.reason = reason;
    }

    /** The stable reason key of the record's problem, e.g. {@code shape_mismatch}. */
    public String reason() {
        return reason;
    }
}
