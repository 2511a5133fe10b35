package io.tensorpool.tensor;

import io.tensorpool.config.DimOrder;
import io.tensorpool.kernel.Tensor;

/**
 * Transposes records from their stored {@link DimOrder} to the channels-first order the kernels
 * pool. The kernels pool the last two axes, so they work on channels-first tensors
 * ({@code NCHW}, {@code CHW}, or {@code HW}); channels-last input (TensorFlow, images) is
 * transposed on read. Output is always written channels-first.
 *
 * <p>A rank-2 record {@code (H, W)} has no channel axis and passes through unchanged whatever
 * the order. The channels-first orders pass every record through unchanged (the kernels are
 * rank-agnostic). A channels-last order needs exactly its {@link DimOrder#rank()}:
 * {@code NHWC} rank 4, {@code HWC} rank 3; any other rank is a bad record
 * ({@code shape_mismatch}).
 */
public final class DimOrders {
    private DimOrders() {
    }

    /**
     * Returns a record stored in {@code order} as channels-first: {@code (N, H, W, C) -> (N, C, H, W)}
     * and {@code (H, W, C) -> (C, H, W)} into a new array (any element type); the tensor itself for
     * channels-first orders and rank-2 records.
     *
     * @param column the column name, for messages
     * @throws BadRecordException {@code shape_mismatch} when a channels-last record has the wrong rank
     */
    public static Tensor toChannelsFirst(Tensor t, DimOrder order, String column) {
        if (!order.channelsLast() || t.rank() == 2) {
            return t;
        }
        checkRank(t, order, column);
        int[] s = t.shape();
        int c = s[s.length - 1];
        int h = s[s.length - 3];
        int w = s[s.length - 2];
        boolean batched = order.rank() == 4;
        int batch = batched ? s[0] : 1;
        // Each batch item is an (H*W) x C matrix; its transpose is the C x (H*W) planes.
        Object data = Transposes.transpose(t.data(), batch, h * w, c);
        return batched ? Tensor.of(t.type(), data, batch, c, h, w) : Tensor.of(t.type(), data, c, h, w);
    }

    private static void checkRank(Tensor t, DimOrder order, String column) {
        if (t.rank() != order.rank()) {
            throw new BadRecordException(RecordReasons.SHAPE_MISMATCH, TensorErrors.cannotRead(column, order)
                    + ": the record has shape " + Shapes.str(t.shape()) + " (rank " + t.rank()
                    + ") but " + order + " needs rank " + order.rank() + " (or rank 2, which has no channel axis)");
        }
    }
}
