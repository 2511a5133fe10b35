package io.tensorpool.kernel;

import java.util.Arrays;

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
        return average(input, geometry, divisors, outputShape, null);
    }

    /**
     * As {@link #average(Tensor, WindowGeometry, Divisors, int[])}, into {@code target} (a
     * {@code float[]} or, for float64 input, {@code double[]} of the output's length, every element
     * overwritten) or a new array when {@code target} is {@code null}.
     */
    static Tensor average(Tensor input, WindowGeometry geometry, Divisors divisors, int[] outputShape,
                          Object target) {
        if (input.type() == ElementType.FLOAT64) {
            return Tensor.ofDoubles(average(input.doubles(), input.planes(), geometry, divisors, (double[]) target),
                    outputShape);
        }
        return Tensor.ofFloats(average(FloatConversion.floats(input), input.planes(), geometry, divisors,
                (float[]) target), outputShape);
    }

    /**
     * Window means of float32 planes: the Vector API kernel ({@link VectorKernels}) when it takes
     * the geometry and there is one divisor per window, else {@link #scalarAverage}. Divisors are
     * converted to float32 once per call, exactly as {@code sum / (long) divisor} converts them.
     */
    static float[] average(float[] in, int planes, WindowGeometry g, Divisors divisors, float[] target) {
        float[] first = toFloats(divisors.first());
        float[] second = divisors.second() == null ? null : toFloats(divisors.second());
        if (second == null) {
            float[] fast = VectorKernels.averageFloats(in, planes, g, first, divisors.addToZero(), target);
            if (fast != null) {
                return fast;
            }
        }
        return scalarAverage(in, planes, g, first, second, divisors.addToZero(), target);
    }

    /**
     * Window means of float32 planes without the Vector API, each {@code sum / first[cell]}, then
     * {@code / second[cell]} when there is a second divisor, then {@code 0 + value} when
     * {@code addToZero}. Each output row is summed in place in the (zeroed) output,
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
     */
    static float[] scalarAverage(float[] in, int planes, WindowGeometry g, float[] first, float[] second,
                                 boolean addToZero, float[] target) {
        AxisWindows rows = g.rows;
        AxisWindows cols = g.cols;
        int inW = g.inputWidth();
        int outW = cols.outputLength();
        int outPlane = g.outputPlane();
        int lo = cols.runStart;
        int hi = cols.runEnd;
        int colTaps = cols.runTaps;
        int colStride = cols.runStride;
        boolean contiguous = cols.step == 1 && (colTaps == 2 || colTaps == 3);
        // 3 x 3 windows at stride 1 with one divisor: whole blocks of rows at a time, vectorised.
        boolean blocked = colTaps == 3 && rows.runTaps == 3 && colStride == 1 && rows.runStride == 1
                && cols.step == 1 && rows.step == 1 && lo < hi && rows.runStart < rows.runEnd
                && uniformOverRuns(first, g) && (second == null || uniformOverRuns(second, g));
        int blockRows = Math.max(1, SumBlock.ELEMENTS / inW);
        SumBlock block = blocked ? SumBlock.get(blockRows * inW) : null;
        float[] out = target != null ? target : new float[planes * outPlane];
        for (int p = 0; p < planes; p++) {
            int base = p * g.inputPlane();
            for (int oh = 0; oh < rows.outputLength(); oh++) {
                int rowCount = rows.count[oh];
                int o = p * outPlane + oh * outW;
                if (rowCount == 0) {
                    Arrays.fill(out, o, o + outW, 0f); // windows of padding only: PyTorch leaves them at 0
                    continue;
                }
                int cell = oh * outW;
                int r0 = base + rows.first[oh] * inW;
                int rowStep = rows.step * inW;
                boolean runDone = blocked && oh >= rows.runStart && oh < rows.runEnd;
                if (runDone && (oh - rows.runStart) % blockRows == 0) {
                    int n = Math.min(blockRows, rows.runEnd - oh);
                    int cell0 = rows.runStart * outW + lo;
                    sumBlock3x3(in, r0, inW, n, first[cell0], second == null ? 1f : second[cell0], second != null,
                            addToZero, block, out, o, outW, lo, hi, cols.first[lo]);
                }
                boolean unrolled = !runDone && contiguous && lo < hi && rowCount == colTaps;
                if (runDone) {
                    // the run of this row was summed with its block
                } else if (unrolled && colTaps == 2) {
                    sum2x2(in, r0 + cols.first[lo], rowStep, colStride, hi - lo, out, o + lo, first, second,
                            addToZero, cell + lo);
                } else if (unrolled) {
                    sum3x3(in, r0 + cols.first[lo], rowStep, colStride, hi - lo, out, o + lo, first, second,
                            addToZero, cell + lo);
                } else if (lo < hi) {
                    Arrays.fill(out, o + lo, o + hi, 0f);
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
                        out[o + ow] = 0f;
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

    /** Whether every window of both axes' regular runs has the same divisor. */
    private static boolean uniformOverRuns(float[] divisor, WindowGeometry g) {
        int outW = g.outputWidth();
        float q = divisor[g.rows.runStart * outW + g.cols.runStart];
        for (int oh = g.rows.runStart; oh < g.rows.runEnd; oh++) {
            for (int ow = g.cols.runStart; ow < g.cols.runEnd; ow++) {
                if (Float.floatToRawIntBits(divisor[oh * outW + ow]) != Float.floatToRawIntBits(q)) {
                    return false;
                }
            }
        }
        return true;
    }

    /** Scratch for {@link #sumBlock3x3}: the nine tap planes and the sums, kept per thread. */
    private static final class SumBlock {
        /** Elements per block: loops this long amortise the vector loop's set-up. */
        static final int ELEMENTS = 4096;
        private static final ThreadLocal<SumBlock> CACHE = new ThreadLocal<>();

        final float[][] taps;
        final float[] sums;

        private SumBlock(int size) {
            taps = new float[9][size];
            sums = new float[size];
        }

        static SumBlock get(int size) {
            SumBlock b = CACHE.get();
            if (b == null || b.sums.length < size) {
                b = new SumBlock(size);
                CACHE.set(b);
            }
            return b;
        }
    }

    /**
     * The run windows of {@code n} consecutive output rows of 3 x 3 stride-1 windows, the first
     * window row starting at {@code in[start]}: the nine taps of every window are gathered with
     * {@code System.arraycopy} into nine planes so that one loop indexed only by its counter (the
     * form JDK 17 vectorises) adds them in row-major window order from {@code +0.0}, then divides
     * by the runs' single divisor(s). Each block row's run then goes to the output in one copy.
     */
    private static void sumBlock3x3(float[] in, int start, int inW, int n, float q1, float q2, boolean hasSecond,
                                    boolean addToZero, SumBlock b, float[] out, int o, int outW, int lo, int hi,
                                    int c0) {
        int len = n * inW - 2;
        float[][] t = b.taps;
        for (int dr = 0; dr < 3; dr++) {
            for (int dc = 0; dc < 3; dc++) {
                System.arraycopy(in, start + dr * inW + dc, t[dr * 3 + dc], 0, len);
            }
        }
        float[] r = b.sums;
        sum9(r, t[0], t[1], t[2], t[3], t[4], t[5], t[6], t[7], t[8], len, q1, addToZero && !hasSecond);
        if (hasSecond) {
            for (int i = 0; i < len; i++) {
                r[i] = r[i] / q2;
            }
            if (addToZero) {
                for (int i = 0; i < len; i++) {
                    r[i] = 0f + r[i];
                }
            }
        }
        for (int k = 0; k < n; k++) {
            System.arraycopy(r, k * inW + c0, out, o + k * outW + lo, hi - lo);
        }
    }

    /**
     * {@code r[i] = (0 + a[i] + b[i] + ... + k[i]) / q}, added left to right (then {@code 0 + r[i]}
     * when {@code addToZero}). Three passes of one
     * window row each: JDK 17 gives up on vectorising a loop with ten arrays, not one with four,
     * and {@code ((r + d) + e) + f} continues the same left-to-right sum exactly.
     */
    private static void sum9(float[] r, float[] a, float[] b, float[] c, float[] d, float[] e, float[] f,
                             float[] g, float[] h, float[] k, int n, float q, boolean addToZero) {
        for (int i = 0; i < n; i++) {
            r[i] = 0f + a[i] + b[i] + c[i];
        }
        for (int i = 0; i < n; i++) {
            r[i] = r[i] + d[i] + e[i] + f[i];
        }
        if (addToZero) {
            for (int i = 0; i < n; i++) {
                r[i] = 0f + (r[i] + g[i] + h[i] + k[i]) / q;
            }
        } else {
            for (int i = 0; i < n; i++) {
                r[i] = (r[i] + g[i] + h[i] + k[i]) / q;
            }
        }
    }

    private static float divide(float sum, float[] first, float[] second, boolean addToZero, int cell) {
        float value = sum / first[cell];
        if (second != null) {
            value = value / second[cell];
        }
        return addToZero ? 0f + value : value;
    }

    /** The divisors as float32, as {@code sum / (long) divisor} converts them. */
    static float[] toFloats(long[] divisors) {
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
    static double[] average(double[] in, int planes, WindowGeometry g, Divisors divisors, double[] target) {
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
        double[] out = target != null ? target : new double[planes * outPlane];
        for (int p = 0; p < planes; p++) {
            int base = p * g.inputPlane();
            for (int oh = 0; oh < rows.outputLength(); oh++) {
                int rowCount = rows.count[oh];
                int o = p * outPlane + oh * outW;
                if (rowCount == 0) {
                    Arrays.fill(out, o, o + outW, 0.0);
                    continue;
                }
                int cell = oh * outW;
                int r0 = base + rows.first[oh] * inW;
                int rowStep = rows.step * inW;
                if (lo < hi) {
                    Arrays.fill(out, o + lo, o + hi, 0.0);
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
                        out[o + ow] = 0.0;
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
        return planeMeans(input, outputShape, null);
    }

    /** As {@link #planeMeans(Tensor, int[])}, into {@code target} when it is not {@code null}. */
    static Tensor planeMeans(Tensor input, int[] outputShape, Object target) {
        int planes = input.planes();
        int planeSize = input.height() * input.width();
        if (input.type() == ElementType.FLOAT64) {
            double[] in = input.doubles();
            double[] out = target != null ? (double[]) target : new double[planes];
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
        float[] out = target != null ? (float[]) target : new float[planes];
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
