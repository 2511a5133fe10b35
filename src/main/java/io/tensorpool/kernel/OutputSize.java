package io.tensorpool.kernel;

/**
 * The length of one output axis of a sliding-window pooling: PyTorch's
 * {@code pooling_output_shape_pad_lr}, which ONNX shares.
 *
 * <p>Per axis, with input length {@code In}, kernel {@code k}, stride {@code s}, dilation
 * {@code d}, padding before {@code pb} and after {@code pe}, and effective kernel
 * {@code ke = d * (k - 1) + 1}:
 * <ul>
 *   <li>floor mode: {@code out = floor((In + pb + pe - ke) / s) + 1}</li>
 *   <li>ceil mode: {@code out = ceil((In + pb + pe - ke) / s) + 1}, then {@code out - 1} if
 *       {@code (out - 1) * s >= In + pb}, so that the last window starts inside the input or
 *       its leading padding (never in the trailing padding alone).</li>
 * </ul>
 * The numerator {@code In + pb + pe - ke} is negative when the kernel is longer than the padded
 * input; the division is then a true floor (ceiling), as PyTorch's {@code div_rtn}, so the
 * result can be 0 or negative (PyTorch reports {@code -1} for {@code In = 2, ke = 4, s = 1}).
 * Callers reject an output below 1. Arithmetic is in {@code long}, so no input overflows.
 */
public final class OutputSize {

    private OutputSize() {
    }

    /** {@code ke = d * (k - 1) + 1}: the span from the first to the last tap of a window. */
    public static long effectiveKernel(int kernel, int dilation) {
        return (long) dilation * (kernel - 1) + 1;
    }

    /**
     * The output length of one axis, by the formula on the class; may be 0 or negative.
     *
     * @param in        input length {@code In}
     * @param kernel    kernel size {@code k}, at least 1
     * @param stride    stride {@code s}, at least 1
     * @param dilation  dilation {@code d}, at least 1
     * @param padBefore padding before the input, {@code pb}
     * @param padAfter  padding after the input, {@code pe}
     * @param ceilMode  PyTorch's {@code ceil_mode}
     */
    public static long of(int in, int kernel, int stride, int dilation, int padBefore, int padAfter,
                          boolean ceilMode) {
        if (kernel < 1 || stride < 1 || dilation < 1) {
            throw new IllegalArgumentException("kernel " + kernel + ", stride " + stride + " and dilation "
                    + dilation + " must all be greater than zero");
        }
        long span = (long) in + padBefore + padAfter - effectiveKernel(kernel, dilation);
        if (!ceilMode) {
            return Math.floorDiv(span, stride) + 1;
        }
        long out = -Math.floorDiv(-span, stride) + 1;
        if ((out - 1) * stride >= (long) in + padBefore) {
            out--;
        }
        return out;
    }
}
