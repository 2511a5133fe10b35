package io.tensorpool.tensor;

import io.tensorpool.kernel.ShapeTooLargeException;
import io.tensorpool.kernel.Tensor;
import java.util.Arrays;

/** Shape checks shared by the decoders, turning a bad per-record shape into a bad record. */
public final class Shapes {
    private Shapes() {
    }

    /**
     * Checks that a shape read from a record (a shape column, a header, the nesting of a cell)
     * can be pooled: {@link Tensor#checkShape}, whose checked element count is the one rule for
     * how large a record may be.
     *
     * @param context the start of the message, e.g. {@code Cannot decode column 'x' as npy}
     * @throws BadRecordException {@code shape_too_large} when the element count is above
     *     {@link Tensor#MAX_ELEMENTS}, else {@code invalid_shape}, with the rule broken
     */
    public static void checkRecordShape(int[] shape, String context) {
        try {
            Tensor.checkShape(shape);
        } catch (ShapeTooLargeException e) {
            throw new BadRecordException(RecordReasons.SHAPE_TOO_LARGE, context + ": " + e.getMessage(), e);
        } catch (IllegalArgumentException e) {
            throw new BadRecordException(RecordReasons.INVALID_SHAPE, context + ": " + e.getMessage(), e);
        }
    }

    static String str(int[] shape) {
        return Arrays.toString(shape);
    }

    static String str(long[] shape) {
        return Arrays.toString(shape);
    }
}
