package io.tensorpool.tensor;

import io.tensorpool.config.StorageDType;
import io.tensorpool.kernel.Tensor;
import java.nio.ByteOrder;

/**
 * The {@code binary} layout: a cell of raw little-endian elements in C (row-major) order, as
 * numpy's {@code tobytes()}, Ray's tensor columns and TFRecord-style datasets write it. The
 * cell carries no shape or dtype; they come from a shape column or the config.
 *
 * <p>A cell is valid exactly when {@code cell.length == product(shape) * dtype.byteSize()}.
 * Element {@code (i0, ..., ik)} sits at byte {@code (i0 * s1 * ... * sk + ... + ik) * size}.
 * Float16 and bfloat16 widen exactly to float32; every other dtype keeps its type.
 */
public final class RawTensorCodec {
    private RawTensorCodec() {
    }

    /**
     * Decodes one cell into a new tensor (the cell is not retained).
     *
     * @param cell the column value; null is a bad record
     * @param dtype how the elements are stored
     * @param shape the record's shape, from a shape column or the config; rank 2 to 4
     * @param column the column name, for messages
     * @throws BadRecordException {@code null_tensor}, {@code invalid_shape},
     *     {@code truncated_bytes} (length not a multiple of the element size) or
     *     {@code shape_mismatch} (whole elements, but not as many as the shape needs)
     */
    public static Tensor decode(byte[] cell, StorageDType dtype, int[] shape, String column) {
        String context = "Cannot decode column '" + column + "' as binary " + dtype;
        if (cell == null) {
            throw new BadRecordException(RecordReasons.NULL_TENSOR, context + ": the cell is null");
        }
        Shapes.checkRecordShape(shape, context + " with shape " + Shapes.str(shape));
        long count = Tensor.elementCount(shape);
        long expected = count * dtype.byteSize();
        if (cell.length != expected) {
            // Checked first so that a cut-off cell is told apart from a wrong shape.
            if (cell.length % dtype.byteSize() != 0) {
                throw new BadRecordException(RecordReasons.TRUNCATED_BYTES, context + " with shape "
                        + Shapes.str(shape) + ": the cell holds " + cell.length + " bytes, not a whole number of "
                        + dtype.byteSize() + "-byte elements (expected " + expected + " bytes)");
            }
            throw new BadRecordException(RecordReasons.SHAPE_MISMATCH, context + " with shape " + Shapes.str(shape)
                    + ": the cell holds " + cell.length + " bytes (" + cell.length / dtype.byteSize()
                    + " elements) but the shape needs " + expected + " bytes (" + count + " elements of "
                    + dtype.byteSize() + " bytes)");
        }
        Object data = ElementBuffers.decode(cell, 0, (int) count, dtype, ByteOrder.LITTLE_ENDIAN);
        return Tensor.of(dtype.decodedType(), data, shape);
    }

    /**
     * Encodes a tensor's elements as little-endian {@code as} in C order. {@code as} must store
     * the tensor's element type: the same type, or float16/bfloat16 for a float32 tensor (rounded
     * to nearest even, see {@link HalfFloats}).
     *
     * @throws IllegalArgumentException when {@code as} does not fit the tensor's type
     */
    public static byte[] encode(Tensor t, StorageDType as) {
        ElementBuffers.checkEncodable(t, as);
        byte[] out = new byte[Math.multiplyExact(t.size(), as.byteSize())];
        ElementBuffers.encode(t, as, out, 0);
        return out;
    }
}
