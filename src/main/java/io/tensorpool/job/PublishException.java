package io.tensorpool.job;

import io.tensorpool.ExitCode;
import io.tensorpool.TensorPoolException;

/**
 * Publishing an output failed part way, on an I/O error, after its journal was written: the
 * output is not lost, and the message names the journal and the command that finishes the
 * publication. {@link ExitCode#FAILED}, as for other failures while running; a retry finishes it.
 */
public final class PublishException extends TensorPoolException {
    private static final long serialVersionUID = 1L;

    PublishException(String message, Throwable cause) {
        super(ExitCode.FAILED, message, cause);
    }
}
