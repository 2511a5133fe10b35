package io.tensorpool.tensor;

import io.tensorpool.kernel.Tensor;
import java.util.Arrays;

/** Shape checks shared by the decoders, turning a bad per-record shape into a bad record. */
final class Shapes {
    private Shapes() {
    }

    /**
     * Checks that a shape read from a record (a shape column, a header) can be pooled.
     *
     * @param context the start of the message, e.g. {@code Cannot decode column 'x' as npy}
     * @throws BadRecordException {@code invalid_shape} with the rule from {@link Tensor#checkShape}
     */
    static void checkRecordShape(int[] shape, String context) {
        try {
            Tensor.checkShape(shape);
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
