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
     * @throws BadRecordException {@code null_tensor}, {@code invalid_shape}, {@code shape_too_large},
     *     {@code truncated_bytes} (length not a multiple of the element size) or
     *     {@code shape_mismatch} (whole elements, but not as many as the shape needs)
     */
    public static Tensor decode(byte[] cell, StorageDType dtype, int[] shape, String column) {
        if (cell == null) {
            throw new BadRecordException(RecordReasons.NULL_TENSOR, context(dtype, column) + ": the cell is null");
        }
        int count = elementCount(cell.length, dtype, shape, column);
        Object data = ElementBuffers.decode(cell, 0, count, dtype, ByteOrder.LITTLE_ENDIAN);
        return Tensor.of(dtype.decodedType(), data, shape);
    }

    /**
     * The number of elements in a cell of {@code cellLength} bytes, after checking that the
     * shape is a valid record shape and that the cell holds exactly its elements: the check
     * {@link #decode} makes, for readers that copy the bytes out of Spark's memory themselves.
     *
     * @throws BadRecordException {@code invalid_shape}, {@code shape_too_large}, {@code truncated_bytes} or
     *     {@code shape_mismatch}, as {@link #decode}
     */
    public static int elementCount(long cellLength, StorageDType dtype, int[] shape, String column) {
        String context = context(dtype, column);
        Shapes.checkRecordShape(shape, context + " with shape " + Shapes.str(shape));
        long count = Tensor.elementCount(shape);
        long expected = count * dtype.byteSize();
        if (cellLength != expected) {
            // Checked first so that a cut-off cell is told apart from a wrong shape.
            if (cellLength % dtype.byteSize() != 0) {
                throw new BadRecordException(RecordReasons.TRUNCATED_BYTES, context + " with shape "
                        + Shapes.str(shape) + ": the cell holds " + cellLength + " bytes, not a whole number of "
                        + dtype.byteSize() + "-byte elements (expected " + expected + " bytes)");
            }
            throw new BadRecordException(RecordReasons.SHAPE_MISMATCH, context + " with shape " + Shapes.str(shape)
                    + ": the cell holds " + cellLength + " bytes (" + cellLength / dtype.byteSize()
                    + " elements) but the shape needs " + expected + " bytes (" + count + " elements of "
                    + dtype.byteSize() + " bytes)");
        }
        return (int) count;
    }

    private static String context(StorageDType dtype, String column) {
        return TensorErrors.cannotDecode(column, "binary " + dtype);
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
