package io.tensorpool.kernel;

/**
 * A shape whose element count is above {@link Tensor#MAX_ELEMENTS}, the most one Java array can
 * hold: an input shape read from a record or the config, or the output shape an operator would
 * give. A subclass of {@link IllegalArgumentException}, like every other shape rule broken, so
 * that callers who only care that a shape is invalid need not tell it apart; callers that report
 * why a record was refused do, since an overflowing shape is a different fault from a shape that
 * disagrees with its data or a record too small for the window.
 */
public final class ShapeTooLargeException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public ShapeTooLargeException(String message) {
        super(message);
    }
}
