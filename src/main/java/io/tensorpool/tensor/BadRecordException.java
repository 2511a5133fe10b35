package io.tensorpool.tensor;

import io.tensorpool.ExitCode;
import io.tensorpool.TensorPoolException;

/**
 * One record that cannot be pooled: a null tensor, a shape that disagrees with the data, a cell
 * that does not decode, a record too small for the window. Never turned into zeros. The
 * {@link #reason()} is a short stable key (e.g. {@code null_tensor}, {@code shape_mismatch})
 * used to count rejections by reason in the run report; the message says what is wrong with
 * the record and names the column. The job adds the file and row when it reports it.
 */
public final class BadRecordException extends TensorPoolException {
    private static final long serialVersionUID = 1L;

    private final String reason;

    public BadRecordException(String reason, String message) {
        this(reason, message, null);
    }

    public BadRecordException(String reason, String message, Throwable cause) {
        super(ExitCode.FAILED, message, cause);
        this.reason = reason;
    }

    /** A short stable key for the kind of problem, used to count rejections by reason. */
    public String reason() {
        return reason;
    }
}
