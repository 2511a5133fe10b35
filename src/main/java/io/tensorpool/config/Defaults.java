package io.tensorpool.config;

import io.tensorpool.kernel.IntPair;
import io.tensorpool.kernel.Padding;

/**
 * Every default the config applies, in one place. Operator defaults are PyTorch's; the others are
 * the safe choice (fail on existing output, fail on a bad record).
 */
public final class Defaults {

    // input
    public static final InputFormat INPUT_FORMAT = InputFormat.PARQUET;
    public static final TensorLayout TENSOR_LAYOUT = TensorLayout.LIST;
    /** The layout of {@code image_files} input, the only one it has. */
    public static final TensorLayout IMAGE_FILES_LAYOUT = TensorLayout.ENCODED;
    /** The tensor column of {@code image_files} input, where there is no input column to name. */
    public static final String IMAGE_FILES_COLUMN = "image";
    /** Channels-first for any rank: nothing is transposed. */
    public static final DimOrder DIM_ORDER = DimOrder.NCHW;
    public static final ChannelOrder CHANNEL_ORDER = ChannelOrder.RGB;

    // output
    public static final WriteMode WRITE_MODE = WriteMode.ERROR;
    public static final Compression COMPRESSION = Compression.SNAPPY;
    public static final OutputLayout OUTPUT_LAYOUT = OutputLayout.LIST;
    public static final OutputDType OUTPUT_DTYPE = OutputDType.KEEP;
    public static final OutputWriter OUTPUT_WRITER = OutputWriter.TENSORPOOL;

    // errors
    public static final BadRecordPolicy ON_BAD_RECORD = BadRecordPolicy.FAIL;
    public static final double MAX_BAD_FRACTION = 0.0;

    // operators (PyTorch's defaults); stride's default is the kernel size, see stride(IntPair)
    public static final Padding PADDING = Padding.NONE;
    public static final IntPair DILATION = IntPair.of(1);
    public static final boolean CEIL_MODE = false;
    public static final boolean RETURN_INDICES = false;
    public static final boolean COUNT_INCLUDE_PAD = true;
    /** {@code divisor_override}'s default: none. */
    public static final Integer DIVISOR_OVERRIDE = null;

    private Defaults() {
    }

    /** PyTorch's default stride: the kernel size. */
    public static IntPair stride(IntPair kernelSize) {
        return kernelSize;
    }
}
