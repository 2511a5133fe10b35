package io.tensorpool.tensor.spark;

import io.tensorpool.config.StorageDType;
import io.tensorpool.kernel.Tensor;
import io.tensorpool.tensor.RawTensorCodec;
import java.nio.ByteOrder;
import java.util.function.IntFunction;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.UnsafeRow;
import org.apache.spark.sql.vectorized.ColumnarBatchRow;
import org.apache.spark.unsafe.Platform;
import org.apache.spark.unsafe.types.UTF8String;

/**
 * Reads a {@code binary} layout cell of little-endian float32 straight out of Spark's memory
 * into a float array: one memory copy per record, into an array the caller may reuse.
 *
 * <p>Why: {@code InternalRow.getBinary} copies the cell into a new {@code byte[]} (a 3x224x224
 * record is 602 KB), which {@link RawTensorCodec#decode} then copies once more into a new
 * {@code float[]}; both arrays are zeroed by the JVM before they are filled. In the job's profile
 * those two allocations and copies cost more than the 2x2 max pool itself.
 *
 * <p>How: an {@code UnsafeRow} and a {@code ColumnarBatchRow} over the Parquet reader's
 * {@code On/OffHeapColumnVector}s store binary and string values alike, as a run of bytes, and
 * {@code getUTF8String} hands out a view of that run (base object, offset, length) without
 * copying it. On a little-endian machine those bytes are already the floats' memory image, so
 * {@link Platform#copyMemory} moves them into the float array as they are. Any other row, or a
 * big-endian machine, takes the plain {@code getBinary} and {@link RawTensorCodec#decode} path,
 * with the same checks and messages.
 */
public final class BinaryCells {
    private static final boolean LITTLE_ENDIAN = ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN;

    private BinaryCells() {
    }

    /**
     * The float32 tensor of {@code shape} in the non-null binary cell at {@code ordinal}.
     *
     * @param arrays gives the array for the elements, of exactly the length asked for (new, or
     *     one the caller reuses from record to record and does not hold on to)
     * @throws io.tensorpool.tensor.BadRecordException as {@link RawTensorCodec#decode}
     */
    public static Tensor readFloat32(InternalRow row, int ordinal, int[] shape, String column,
                                     IntFunction<float[]> arrays) {
        if (!LITTLE_ENDIAN || !(row instanceof UnsafeRow || row instanceof ColumnarBatchRow)) {
            return RawTensorCodec.decode(row.getBinary(ordinal), StorageDType.FLOAT32, shape, column);
        }
        UTF8String bytes = row.getUTF8String(ordinal); // a view of the binary value, not a copy
        int count = RawTensorCodec.elementCount(bytes.numBytes(), StorageDType.FLOAT32, shape, column);
        float[] floats = arrays.apply(count);
        Platform.copyMemory(bytes.getBaseObject(), bytes.getBaseOffset(), floats, Platform.FLOAT_ARRAY_OFFSET,
                (long) count * Float.BYTES);
        return Tensor.ofFloats(floats, shape);
    }
}
