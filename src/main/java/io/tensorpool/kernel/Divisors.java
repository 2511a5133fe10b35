package io.tensorpool.kernel;

/**
 * How each window's sum becomes an output value, per output cell of one plane (the same for
 * every plane): {@code sum / first}, then {@code / second} when there is a second divisor, then,
 * for {@code avg_pool2d}, {@code 0 + value}.
 *
 * <p>The last step is PyTorch's: its average kernel zeroes the output and then adds
 * {@code sum / divisor} to it, which turns a {@code -0.0} quotient (a zero sum over a negative
 * {@code divisor_override}, or an underflow) into {@code +0.0}. Adaptive average pooling assigns
 * {@code sum / kh / kw} directly, two divisions in that order.
 *
 * @param first     the first divisor of each output cell, row-major
 * @param second    the second divisor, or {@code null}
 * @param addToZero whether the quotient is added to {@code +0.0}
 */
record Divisors(long[] first, long[] second, boolean addToZero) {

    /**
     * {@code avg_pool2d}'s divisor (an int64, as in PyTorch): {@code divisor_override} when set; else the window's size
     * counted before clipping to the input ({@code count_include_pad}) or after it. Sizes are
     * counted in taps ({@link AxisWindows#padded}, {@link AxisWindows#count}), which at
     * dilation 1 is PyTorch's {@code (end_h - start_h) * (end_w - start_w)}.
     */
    static Divisors avgPool(WindowGeometry g, boolean countIncludePad, Integer divisorOverride) {
        long[] divisor = new long[g.outputPlane()];
        int o = 0;
        for (int oh = 0; oh < g.outputHeight(); oh++) {
            for (int ow = 0; ow < g.outputWidth(); ow++, o++) {
                if (divisorOverride != null) {
                    divisor[o] = divisorOverride;
                } else if (countIncludePad) {
                    divisor[o] = (long) g.rows.padded[oh] * g.cols.padded[ow];
                } else {
                    divisor[o] = (long) g.rows.count[oh] * g.cols.count[ow];
                }
            }
        }
        return new Divisors(divisor, null, true);
    }

    /** {@code adaptive_avg_pool2d}'s {@code sum / kh / kw}: the bin height, then its width. */
    static Divisors adaptive(WindowGeometry g) {
        long[] heights = new long[g.outputPlane()];
        long[] widths = new long[g.outputPlane()];
        int o = 0;
        for (int oh = 0; oh < g.outputHeight(); oh++) {
            for (int ow = 0; ow < g.outputWidth(); ow++, o++) {
                heights[o] = g.rows.count[oh];
                widths[o] = g.cols.count[ow];
            }
        }
        return new Divisors(heights, widths, false);
    }
}
