package io.tensorpool.job;

import io.tensorpool.TensorPoolException;

/**
 * More records were rejected than {@code errors.max_bad_fraction} allows. Nothing was published:
 * the output (and quarantine) of the run were discarded. Exit code 3, so that a scheduler can
 * tell "the data got worse" from "the job broke".
 */
public final class TooManyBadRecordsException extends TensorPoolException {
    private static final long serialVersionUID = 1L;

    /** Exit code of a run with too many bad records. */
    public static final int EXIT_CODE = 3;

    TooManyBadRecordsException(String message) {
        super(message, null);
    }

    @Override
    public int exitCode() {
        return EXIT_CODE;
    }
}
