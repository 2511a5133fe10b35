package io.tensorpool.kernel;

/**
 * Window means for average, adaptive average and Lp pooling, and whole-plane means for global
 * average pooling.
 *
 * <p>Window means follow PyTorch's {@code AvgPoolKernel.cpp} and
 * {@code AdaptiveAvgPoolKernel.cpp}: the sum starts at {@code +0.0} and adds the in-bounds cells
 * of the window row by row, left to right, in the output's precision (float32 for every type but
 * float64, which stays in double); {@link Divisors} then turns it into the output value. A window
 * with no input cell yields {@code 0} (PyTorch skips it, leaving its zeroed output).
 *
 * <p>Integer input is widened to float32 cell by cell first ({@link FloatConversion}).
 */
final class AvgPoolKernels {

    private AvgPoolKernels() {
    }

    /** The window means of every plane of {@code input}, as a tensor of {@code outputShape}. */
    static Tensor average(Tensor input, WindowGeometry geometry, Divisors divisors, int[] outputShape) {
        if (input.type() == ElementType.FLOAT64) {
            return Tensor.ofDoubles(average(input.doubles(), input.planes(), geometry, divisors), outputShape);
        }
        return Tensor.ofFloats(average(FloatConversion.floats(input), input.planes(), geometry, divisors), outputShape);
    }

    /**
     * Window means of float32 planes. Each output row is summed in place in the (zeroed) output,
     * so every sum starts at {@code +0.0} as in PyTorch, and adds its window's cells row by row,
     * left to right:
     * <ul>
     *   <li>windows of 2 x 2 and 3 x 3 in-bounds cells with contiguous taps are summed by
     *       straight-line code, one window per iteration, and divided at once;</li>
     *   <li>any other window is summed by passes over the whole output row: for each window row,
     *       for each tap, add that tap to every window's sum. A window's own additions still come
     *       in row-major order, but neighbouring windows' sums are independent, so the CPU overlaps
     *       them instead of waiting on one long chain of dependent additions.</li>
     * </ul>
     * Divisors are converted to float32 once per call, exactly as {@code sum / (long) divisor}
     * converts them.
     */
    static float[] average(float[] in, int planes, WindowGeometry g, Divisors divisors) {
        AxisWindows rows = g.rows;
        AxisWindows cols = g.cols;
        int inW = g.inputWidth();
        int outW = cols.outputLength();
        int outPlane = g.outputPlane();
        float[] first = toFloats(divisors.first());
        float[] second = divisors.second() == null ? null : toFloats(divisors.second());
        boolean addToZero = divisors.addToZero();
        int lo = cols.runStart;
        int hi = cols.runEnd;
        int colTaps = cols.runTaps;
        int colStride = cols.runStride;
        boolean contiguous = cols.step == 1 && (colTaps == 2 || colTaps == 3);
        float[] out = new float[planes * outPlane];
        for (int p = 0; p < planes; p++) {
            int base = p * g.inputPlane();
            for (int oh = 0; oh < rows.outputLength(); oh++) {
                int rowCount = rows.count[oh];
                if (rowCount == 0) {
                    continue; // windows of padding only: PyTorch leaves their outputs at 0
                }
                int o = p * outPlane + oh * outW;
                int cell = oh * outW;
                int r0 = base + rows.first[oh] * inW;
                int rowStep = rows.step * inW;
                boolean unrolled = contiguous && lo < hi && rowCount == colTaps;
                if (unrolled && colTaps == 2) {
                    sum2x2(in, r0 + cols.first[lo], rowStep, colStride, hi - lo, out, o + lo, first, second,
                            addToZero, cell + lo);
                } else if (unrolled) {
                    sum3x3(in, r0 + cols.first[lo], rowStep, colStride, hi - lo, out, o + lo, first, second,
                            addToZero, cell + lo);
                } else if (lo < hi) {
                    for (int i = 0, r = r0 + cols.first[lo]; i < rowCount; i++, r += rowStep) {
                        for (int j = 0, t = r; j < colTaps; j++, t += cols.step) {
                            for (int ow = lo, c = t; ow < hi; ow++, c += colStride) {
                                out[o + ow] += in[c];
                            }
                        }
                    }
                    for (int ow = lo; ow < hi; ow++) {
                        out[o + ow] = divide(out[o + ow], first, second, addToZero, cell + ow);
                    }
                }
                int skipFrom = lo < hi ? lo : outW; // the run [lo, hi) is done above
                int skipTo = lo < hi ? hi : outW;
                for (int ow = 0; ow < outW; ow++) {
                    if (ow == skipFrom) {
                        ow = skipTo - 1;
                        continue;
                    }
                    int colCount = cols.count[ow];
                    if (colCount == 0) {
                        continue;
                    }
                    float sum = 0f;
                    for (int i = 0, r = r0 + cols.first[ow]; i < rowCount; i++, r += rowStep) {
                        for (int j = 0, c = r; j < colCount; j++, c += cols.step) {
                            sum += in[c];
                        }
                    }
                    out[o + ow] = divide(sum, first, second, addToZero, cell + ow);
                }
            }
        }
        return out;
    }

    /**
     * {@code n} windows of 2 x 2 contiguous cells, the first at {@code in[c]}, {@code stride}
     * apart, rows {@code rowStep} apart: one output row's run. A method of its own so that the JIT
     * compiles it whole (not as an on-stack replacement of a long outer loop).
     */
    private static void sum2x2(float[] in, int c, int rowStep, int stride, int n, float[] out, int o,
                               float[] first, float[] second, boolean addToZero, int cell) {
        for (int k = 0; k < n; k++, c += stride) {
            int d = c + rowStep;
            float sum = 0f + in[c];
            sum += in[c + 1];
            sum += in[d];
            sum += in[d + 1];
            out[o + k] = divide(sum, first, second, addToZero, cell + k);
        }
    }

    /** As {@link #sum2x2} for 3 x 3 windows. */
    private static void sum3x3(float[] in, int c, int rowStep, int stride, int n, float[] out, int o,
                               float[] first, float[] second, boolean addToZero, int cell) {
        for (int k = 0; k < n; k++, c += stride) {
            int d = c + rowStep;
            int e = d + rowStep;
            float sum = 0f + in[c];
            sum += in[c + 1];
            sum += in[c + 2];
            sum += in[d];
            sum += in[d + 1];
            sum += in[d + 2];
            sum += in[e];
            sum += in[e + 1];
            sum += in[e + 2];
            out[o + k] = divide(sum, first, second, addToZero, cell + k);
        }
    }

    private static float divide(float sum, float[] first, float[] second, boolean addToZero, int cell) {
        float value = sum / first[cell];
        if (second != null) {
            value = value / second[cell];
        }
        return addToZero ? 0f + value : value;
    }

    private static float[] toFloats(long[] divisors) {
        float[] f = new float[divisors.length];
        for (int i = 0; i < f.length; i++) {
            f[i] = divisors[i];
        }
        return f;
    }

    private static double[] toDoubles(long[] divisors) {
        double[] d = new double[divisors.length];
        for (int i = 0; i < d.length; i++) {
            d[i] = divisors[i];
        }
        return d;
    }

    /** Window means of float64 planes: {@link #average(float[], int, WindowGeometry, Divisors)} in double. */
    static double[] average(double[] in, int planes, WindowGeometry g, Divisors divisors) {
        AxisWindows rows = g.rows;
        AxisWindows cols = g.cols;
        int inW = g.inputWidth();
        int outW = cols.outputLength();
        int outPlane = g.outputPlane();
        double[] first = toDoubles(divisors.first());
        double[] second = divisors.second() == null ? null : toDoubles(divisors.second());
        boolean addToZero = divisors.addToZero();
        int lo = cols.runStart;
        int hi = cols.runEnd;
        double[] out = new double[planes * outPlane];
        for (int p = 0; p < planes; p++) {
            int base = p * g.inputPlane();
            for (int oh = 0; oh < rows.outputLength(); oh++) {
                int rowCount = rows.count[oh];
                if (rowCount == 0) {
                    continue;
                }
                int o = p * outPlane + oh * outW;
                int cell = oh * outW;
                int r0 = base + rows.first[oh] * inW;
                int rowStep = rows.step * inW;
                if (lo < hi) {
                    for (int i = 0, r = r0 + cols.first[lo]; i < rowCount; i++, r += rowStep) {
                        for (int j = 0, t = r; j < cols.runTaps; j++, t += cols.step) {
                            for (int ow = lo, c = t; ow < hi; ow++, c += cols.runStride) {
                                out[o + ow] += in[c];
                            }
                        }
                    }
                    for (int ow = lo; ow < hi; ow++) {
                        out[o + ow] = divide(out[o + ow], first, second, addToZero, cell + ow);
                    }
                }
                int skipFrom = lo < hi ? lo : outW;
                int skipTo = lo < hi ? hi : outW;
                for (int ow = 0; ow < outW; ow++) {
                    if (ow == skipFrom) {
                        ow = skipTo - 1;
                        continue;
                    }
                    int colCount = cols.count[ow];
                    if (colCount == 0) {
                        continue;
                    }
                    double sum = 0.0;
                    for (int i = 0, r = r0 + cols.first[ow]; i < rowCount; i++, r += rowStep) {
                        for (int j = 0, c = r; j < colCount; j++, c += cols.step) {
                            sum += in[c];
                        }
                    }
                    out[o + ow] = divide(sum, first, second, addToZero, cell + ow);
                }
            }
        }
        return out;
    }

    private static double divide(double sum, double[] first, double[] second, boolean addToZero, int cell) {
        double value = sum / first[cell];
        if (second != null) {
            value = value / second[cell];
        }
        return addToZero ? 0.0 + value : value;
    }

    /**
     * The mean of each whole {@code H x W} plane, as a tensor of {@code outputShape} (the input
     * shape with a {@code 1 x 1} plane).
     *
     * <p>PyTorch computes {@code adaptive_avg_pool2d} to {@code [1, 1]} as {@code mean} over the
     * plane: a vectorised cascade sum, then one division by {@code H * W}. Its summation order
     * depends on the CPU's vector width, so its bits cannot be reproduced; summing in double and
     * rounding once is at least as accurate, stays within a float32 ulp or two of PyTorch on any
     * plane size (a long sequential float32 sum would drift), and is deterministic. Float64 input
     * is summed in double in plane order.
     */
    static Tensor planeMeans(Tensor input, int[] outputShape) {
        int planes = input.planes();
        int planeSize = input.height() * input.width();
        if (input.type() == ElementType.FLOAT64) {
            double[] in = input.doubles();
            double[] out = new double[planes];
            for (int p = 0; p < planes; p++) {
                double sum = 0.0;
                for (int i = p * planeSize, end = i + planeSize; i < end; i++) {
                    sum += in[i];
                }
                out[p] = sum / planeSize;
            }
            return Tensor.ofDoubles(out, outputShape);
        }
        float[] in = FloatConversion.floats(input);
        float[] out = new float[planes];
        for (int p = 0; p < planes; p++) {
            double sum = 0.0;
            for (int i = p * planeSize, end = i + planeSize; i < end; i++) {
                sum += in[i];
            }
            out[p] = (float) sum / planeSize;
        }
        return Tensor.ofFloats(out, outputShape);
    }
}
