package io.tensorpool.job;

import io.tensorpool.ExitCode;
import io.tensorpool.TensorPoolException;

/**
 * More records were rejected than {@code errors.max_bad_fraction} allows. Nothing was published:
 * the output (and quarantine) of the run were discarded. {@link ExitCode#TOO_MANY_BAD_RECORDS}, so that a scheduler can
 * tell "the data got worse" from "the job broke".
 */
public final class TooManyBadRecordsException extends TensorPoolException {
    private static final long serialVersionUID = 1L;

    TooManyBadRecordsException(String message) {
        super(ExitCode.TOO_MANY_BAD_RECORDS, message, null);
    }
}
