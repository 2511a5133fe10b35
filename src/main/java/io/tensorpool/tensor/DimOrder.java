package io.tensorpool.tensor;

import io.tensorpool.kernel.Tensor;

/**
 * The axis order of a stored tensor. The kernels pool the last two axes, so they work on
 * channels-first tensors ({@code NCHW}, {@code CHW}, or {@code HW}); channels-last input
 * (TensorFlow, images) is transposed on read and, when asked, back on write.
 *
 * <p>A rank-2 record {@code (H, W)} has no channel axis and passes through unchanged whatever
 * the order. The channels-first orders pass every record through unchanged (the kernels are
 * rank-agnostic). A channels-last order needs exactly its rank: {@code NHWC} rank 4,
 * {@code HWC} rank 3; any other rank is a bad record ({@code shape_mismatch}).
 *
 * <p>Config spelling is the constant's name: {@code NCHW}, {@code NHWC}, {@code CHW}, {@code HWC}.
 */
public enum DimOrder {
    NCHW(4, false),
    NHWC(4, true),
    CHW(3, false),
    HWC(3, true);

    private final int rank;
    private final boolean channelsLast;

    DimOrder(int rank, boolean channelsLast) {
        this.rank = rank;
        this.channelsLast = channelsLast;
    }

    /** The spelling in configs, e.g. {@code NHWC}. */
    public String configName() {
        return name();
    }

    /** The rank this order describes: 4 for NCHW/NHWC, 3 for CHW/HWC. */
    public int rank() {
        return rank;
    }

    /** True for NHWC and HWC, whose records are transposed. */
    public boolean channelsLast() {
        return channelsLast;
    }

    /**
     * Parses a config value (exact spelling).
     *
     * @throws IllegalArgumentException naming the value and the valid spellings
     */
    public static DimOrder fromName(String name) {
        for (DimOrder order : values()) {
            if (order.name().equals(name)) {
                return order;
            }
        }
        throw new IllegalArgumentException("unknown dim order '" + name + "'; expected one of NCHW, NHWC, CHW, HWC");
    }

    /**
     * Returns a record in this order as channels-first: {@code (N, H, W, C) -> (N, C, H, W)} and
     * {@code (H, W, C) -> (C, H, W)} into a new array (any element type); the tensor itself for
     * channels-first orders and rank-2 records.
     *
     * @throws BadRecordException {@code shape_mismatch} when a channels-last record has the wrong rank
     */
    public Tensor toChannelsFirst(Tensor t, String column) {
        if (!channelsLast || t.rank() == 2) {
            return t;
        }
        checkRank(t, column, "read");
        int[] s = t.shape();
        int c = s[s.length - 1];
        int h = s[s.length - 3];
        int w = s[s.length - 2];
        int batch = rank == 4 ? s[0] : 1;
        // Each batch item is an (H*W) x C matrix; its transpose is the C x (H*W) planes.
        Object data = Transposes.transpose(t.data(), batch, h * w, c);
        return rank == 4 ? Tensor.of(t.type(), data, batch, c, h, w) : Tensor.of(t.type(), data, c, h, w);
    }

    /**
     * The inverse of {@link #toChannelsFirst}: writes a channels-first result in this order,
     * {@code (N, C, H, W) -> (N, H, W, C)} and {@code (C, H, W) -> (H, W, C)}; the tensor itself for
     * channels-first orders and rank-2 results.
     *
     * @throws BadRecordException {@code shape_mismatch} when the result has the wrong rank for this order
     */
    public Tensor fromChannelsFirst(Tensor t, String column) {
        if (!channelsLast || t.rank() == 2) {
            return t;
        }
        checkRank(t, column, "write");
        int[] s = t.shape();
        int c = s[s.length - 3];
        int h = s[s.length - 2];
        int w = s[s.length - 1];
        int batch = rank == 4 ? s[0] : 1;
        Object data = Transposes.transpose(t.data(), batch, c, h * w);
        return rank == 4 ? Tensor.of(t.type(), data, batch, h, w, c) : Tensor.of(t.type(), data, h, w, c);
    }

    private void checkRank(Tensor t, String column, String verb) {
        if (t.rank() != rank) {
            throw new BadRecordException(RecordReasons.SHAPE_MISMATCH, "Cannot " + verb + " column '" + column
                    + "' as " + this + ": the record has shape " + Shapes.str(t.shape()) + " (rank " + t.rank()
                    + ") but " + this + " needs rank " + rank + " (or rank 2, which has no channel axis)");
        }
    }
}
