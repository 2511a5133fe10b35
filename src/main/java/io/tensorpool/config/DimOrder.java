package io.tensorpool.config;

/**
 * {@code input.tensor.dim_order}: the order of the axes as stored. Pooling runs on channels-first
 * tensors, so the channels-last orders are transposed on read (by the tensor codecs'
 * {@code DimOrders}).
 *
 * <p>The default, {@link #NCHW}, means "channels-first" for any rank: a rank 2 {@code (H, W)},
 * rank 3 {@code (C, H, W)} or rank 4 {@code (N, C, H, W)} tensor is pooled as stored. The other
 * orders name one rank each. The loader checks a fixed {@code shape} against
 * {@link #accepts(int)}; a record whose shape comes from the data is checked as it is read,
 * where a rank 2 record, having no channel axis, is pooled as stored whatever the order and a
 * channels-last record of any other rank than {@link #rank()} is a bad record.
 */
public enum DimOrder implements ConfigEnum {
    /** Channels-first, any rank 2 to 4: nothing is transposed. The default. */
    NCHW(0, false),
    /** Rank 4, channels-last (TensorFlow): transposed to NCHW on read. */
    NHWC(4, true),
    /** Rank 3, channels-first: nothing is transposed. */
    CHW(3, false),
    /** Rank 3, channels-last (images): transposed to CHW on read. */
    HWC(3, true);

    private final int rank;
    private final boolean channelsLast;

    DimOrder(int rank, boolean channelsLast) {
        this.rank = rank;
        this.channelsLast = channelsLast;
    }

    /** Written in capitals, as the axis letters are: {@code NCHW}, {@code HWC}. */
    @Override
    public String configName() {
        return name();
    }

    /** The one rank this order describes, or 0 for {@link #NCHW}, which accepts ranks 2 to 4. */
    public int rank() {
        return rank;
    }

    /** True when the stored tensor must be transposed to channels-first before pooling. */
    public boolean channelsLast() {
        return channelsLast;
    }

    /** True when a tensor of {@code tensorRank} can be stored in this order. */
    public boolean accepts(int tensorRank) {
        return rank == 0 ? tensorRank >= 2 && tensorRank <= 4 : tensorRank == rank;
    }

    @Override
    public String toString() {
        return configName();
    }
}
