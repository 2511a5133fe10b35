package io.tensorpool.kernel;

import java.util.Arrays;

/**
 * Window maxima without indices, computed separably and then made exact: the fast path of
 * {@link MaxPoolKernels} when {@code return_indices} is off.
 *
 * <h2>How (float32)</h2>
 * Output rows of the row axis's regular run ({@link AxisWindows#runStart}) are processed a block
 * at a time: each row tap of the block's windows is gathered with {@code System.arraycopy} into a
 * scratch plane, the planes are combined with {@code Math.max} into the block's vertical maxima,
 * and copies of those shifted by each column tap are combined into the maximum of the window
 * starting at every column; a column stride of 2 then picks every other one. These loops index
 * every array by the bare loop counter, the only form JDK 17's C2 vectorises (it does not for
 * {@code a[off + i]} with a runtime offset, nor for two rows of one array); {@code Math.max} is
 * branch-free. Border rows and columns (clipped windows), larger strides and float64 take general
 * loops with the same {@code Math.max} arithmetic.
 *
 * <h2>Why the result is bit for bit the contract's</h2>
 * The contract's scan (row by row, left to right, replace when {@code v > max || isNaN(v)}) yields
 * the last NaN of the window if it holds one, else the first cell, in scan order, holding the
 * window's largest value. {@code Math.max} over the same cells, in any order, yields a value of the
 * same class: NaN if any cell is NaN, else the largest value. Among non-NaN floats the only equal
 * values with different bits are {@code -0.0} and {@code +0.0} ({@code Math.max} prefers
 * {@code +0.0}; the contract keeps the first zero). So the separable result can differ from the
 * contract's only where it is NaN (which NaN's payload) or zero (which sign). Such cells are
 * detected with an element-wise {@code acc = min(acc, |v|)} over the vectorised outputs ({@code 0}
 * or NaN exactly when some cell is zero or NaN; checked once per call) and inline in the scalar
 * loops, and then every zero or NaN cell is recomputed with the contract's own scan
 * ({@link #exactFloat}). Every other value has one bit pattern and is already right. Integers
 * have no such classes (equal values are equal bits), so their maxima need no fix-up. Indices are
 * not computed here; the general loop in {@link MaxPoolKernels} does that.
 *
 * <p>Every output cell is written (an output array may be handed in dirty).
 *
 * <p>uint8 and int8 share the {@code byte[]} loops through {@code flip}: a byte {@code b} is
 * compared as the signed key {@code (byte) (b ^ flip)} ({@code flip = 0x80} orders unsigned
 * values) and the maximum key is flipped back on output.
 */
final class SeparableMax {

    private SeparableMax() {
    }

    /** Column range and scratch length of the horizontal pass's regular run. */
    private static int runSpan(AxisWindows cols) {
        int n = cols.runEnd - cols.runStart;
        return n == 0 ? 0 : (n - 1) * cols.runStride + 1;
    }

    // ---------------------------------------------------------------- float32

    /**
     * Scratch rows for one call. HotSpot's auto-vectoriser (JDK 17) only vectorises loops whose
     * arrays are all indexed by the bare loop counter, so rows are first moved with
     * {@code System.arraycopy} (a vectorised stub) into separate scratch arrays, shifted as the
     * taps need, and combined there.
     */
    private static final class FloatRows {
        /** Kept per thread: a job pools one record after another, and scratch is not free. */
        private static final ThreadLocal<FloatRows> CACHE = new ThreadLocal<>();

        final float[] a;
        final float[] b;
        final float[] c;
        final float[] colMax;
        final float[] result;
        final float[] zeros;

        FloatRows(int width) {
            a = new float[width];
            b = new float[width];
            c = new float[width];
            colMax = new float[width];
            result = new float[width];
            zeros = new float[width];
            Arrays.fill(zeros, Float.POSITIVE_INFINITY);
        }

        /** This thread's scratch rows, at least {@code width} long, with {@code zeros} reset. */
        static FloatRows get(int width) {
            FloatRows w = CACHE.get();
            if (w == null || w.a.length < width) {
                w = new FloatRows(width);
                CACHE.set(w);
            } else {
                Arrays.fill(w.zeros, Float.POSITIVE_INFINITY);
            }
            return w;
        }
    }

    /**
     * Up to this column stride the horizontal pass computes the window maximum at every column in
     * vectorised loops and then picks every stride-th one; beyond it, only the windows that exist
     * are computed, one at a time.
     */
    private static final int MAX_SLIDING_STRIDE = 2;

    /** Rows of the regular run processed together: loops of about this many elements. */
    private static final int BLOCK_ELEMENTS = 8192;

    static float[] floats(float[] in, int planes, WindowGeometry g, float[] target) {
        AxisWindows rows = g.rows;
        AxisWindows cols = g.cols;
        int inH = rows.inputLength;
        int inW = cols.inputLength;
        int outH = rows.outputLength();
        int outW = cols.outputLength();
        FloatRows w = FloatRows.get(inW);
        int blockRows = Math.max(1, Math.min(rows.runEnd - rows.runStart, BLOCK_ELEMENTS / inW));
        FloatBlock block = FloatBlock.get(blockRows * inW);
        float[] out = target != null ? target : new float[planes * outH * outW];
        boolean suspect = false;
        for (int p = 0; p < planes; p++) {
            int base = p * inH * inW;
            int o = p * outH * outW;
            for (int oh = 0; oh < rows.runStart; oh++) {
                suspect |= rowByRow(in, base, g, oh, w, out, o + oh * outW);
            }
            for (int oh = rows.runStart; oh < rows.runEnd; oh += blockRows) {
                int n = Math.min(blockRows, rows.runEnd - oh);
                suspect |= block(in, base, g, oh, n, block, w, out, o + oh * outW);
            }
            for (int oh = Math.max(rows.runStart, rows.runEnd); oh < outH; oh++) {
                suspect |= rowByRow(in, base, g, oh, w, out, o + oh * outW);
            }
        }
        // A zero or NaN anywhere may carry the wrong sign or payload: recompute those cells with
        // the contract's scan. (Rare in real data except exact zeros, e.g. after a ReLU.)
        if (suspect || !(min(w.zeros, w.zeros.length) > 0f) || !(min(block.zeros, block.zeros.length) > 0f)) {
            for (int p = 0; p < planes; p++) {
                int base = p * inH * inW;
                for (int oh = 0, o = p * outH * outW; oh < outH; oh++) {
                    for (int ow = 0; ow < outW; ow++, o++) {
                        float v = out[o];
                        if (v == 0f || v != v) {
                            out[o] = exactFloat(in, base, g, oh, ow);
                        }
                    }
                }
            }
        }
        return out;
    }

    /** Scratch planes for a block of output rows of the row run. */
    private static final class FloatBlock {
        private static final ThreadLocal<FloatBlock> CACHE = new ThreadLocal<>();

        final float[][] taps;
        final float[] colMax;
        final float[] result;
        final float[] zeros;

        FloatBlock(int size) {
            taps = new float[3][size];
            colMax = new float[size];
            result = new float[size];
            zeros = new float[size];
            Arrays.fill(zeros, Float.POSITIVE_INFINITY);
        }

        /** This thread's scratch planes, at least {@code size} long, with {@code zeros} reset. */
        static FloatBlock get(int size) {
            FloatBlock b = CACHE.get();
            if (b == null || b.colMax.length < size) {
                b = new FloatBlock(size);
                CACHE.set(b);
            } else {
                Arrays.fill(b.zeros, Float.POSITIVE_INFINITY);
            }
            return b;
        }
    }

    /** One output row the general way: vertical maxima of its row taps, then each window across. */
    private static boolean rowByRow(float[] in, int base, WindowGeometry g, int oh, FloatRows w, float[] out, int o) {
        verticalMax(in, base, g.rows, oh, g.cols.inputLength, w);
        return horizontalMax(w, g.cols, out, o);
    }

    /**
     * Output rows {@code oh0 .. oh0 + n} of the row run at once: their row taps are gathered with
     * {@code System.arraycopy} into tap planes ({@code n x W}), combined into the block's vertical
     * maxima in one long loop, and the horizontal windows are taken over the whole block (a window
     * that would wrap from one row into the next lies outside the column run and is redone by the
     * border loop).
     */
    private static boolean block(float[] in, int base, WindowGeometry g, int oh0, int n, FloatBlock b,
                                 FloatRows w, float[] out, int o) {
        AxisWindows rows = g.rows;
        AxisWindows cols = g.cols;
        int inW = cols.inputLength;
        int outW = cols.outputLength();
        int size = n * inW;
        int taps = rows.runTaps;
        int first = base + rows.first[oh0] * inW;
        int rowStride = rows.runStride * inW;
        int tapStep = rows.step * inW;
        float[] v = b.colMax;
        if (taps == 1) {
            gather(in, first, rowStride, n, inW, v);
        } else {
            float[] x = b.taps[0];
            float[] y = b.taps[1];
            gather(in, first, rowStride, n, inW, x);
            gather(in, first + tapStep, rowStride, n, inW, y);
            if (taps == 3) {
                float[] z = b.taps[2];
                gather(in, first + 2 * tapStep, rowStride, n, inW, z);
                max3(v, x, y, z, size);
            } else {
                max2(v, x, y, size);
                for (int t = 2; t < taps; t++) {
                    gather(in, first + t * tapStep, rowStride, n, inW, x);
                    max2(v, v, x, size);
                }
            }
        }
        boolean suspect = false;
        int lo = cols.runStart;
        int hi = cols.runEnd;
        int ctaps = cols.runTaps;
        int cstep = cols.step;
        int cstride = cols.runStride;
        if (lo < hi && cstride <= MAX_SLIDING_STRIDE) {
            int span = (ctaps - 1) * cstep;
            int len = size - span;
            float[] r = b.result;
            if (ctaps == 1) {
                System.arraycopy(v, 0, r, 0, size);
            } else {
                float[] x = b.taps[0];
                float[] y = b.taps[1];
                System.arraycopy(v, cstep, x, 0, len);
                if (ctaps == 3) {
                    float[] z = b.taps[2];
                    System.arraycopy(v, 2 * cstep, z, 0, len);
                    max3(r, v, x, z, len);
                } else {
                    max2(r, v, x, len);
                    for (int j = 2; j < ctaps; j++) {
                        System.arraycopy(v, j * cstep, x, 0, len);
                        max2(r, r, x, len);
                    }
                }
            }
            minAbsInto(b.zeros, r, len);
            int c0 = cols.first[lo];
            if (cstride == 1) {
                for (int k = 0; k < n; k++) {
                    System.arraycopy(r, k * inW + c0, out, o + k * outW + lo, hi - lo);
                }
            } else {
                // the windows that exist start every cstride-th column
                for (int k = 0; k < n; k++) {
                    int d = o + k * outW;
                    for (int ow = lo, c = k * inW + c0; ow < hi; ow++, c += cstride) {
                        out[d + ow] = r[c];
                    }
                }
            }
        } else if (lo < hi) {
            for (int k = 0; k < n; k++) {
                int row = k * inW;
                int d = o + k * outW;
                if (ctaps == 2 && cstep == 1) {
                    for (int ow = lo, c = row + cols.first[lo]; ow < hi; ow++, c += cstride) {
                        float m = Math.max(v[c], v[c + 1]);
                        out[d + ow] = m;
                        suspect |= m == 0f || m != m;
                    }
                } else if (ctaps == 3 && cstep == 1) {
                    for (int ow = lo, c = row + cols.first[lo]; ow < hi; ow++, c += cstride) {
                        float m = Math.max(Math.max(v[c], v[c + 1]), v[c + 2]);
                        out[d + ow] = m;
                        suspect |= m == 0f || m != m;
                    }
                } else {
                    for (int ow = lo, c = row + cols.first[lo]; ow < hi; ow++, c += cstride) {
                        float m = v[c];
                        for (int j = 1, t = c + cstep; j < ctaps; j++, t += cstep) {
                            m = Math.max(m, v[t]);
                        }
                        out[d + ow] = m;
                        suspect |= m == 0f || m != m;
                    }
                }
            }
        }
        for (int k = 0; k < n; k++) {
            int row = k * inW;
            int d = o + k * outW;
            for (int ow = 0; ow < lo; ow++) {
                float m = foldFloat(v, row + cols.first[ow], cols.count[ow], cstep);
                out[d + ow] = m;
                suspect |= m == 0f || m != m;
            }
            for (int ow = Math.max(lo, hi); ow < outW; ow++) {
                float m = foldFloat(v, row + cols.first[ow], cols.count[ow], cstep);
                out[d + ow] = m;
                suspect |= m == 0f || m != m;
            }
        }
        return suspect;
    }

    /** {@code n} rows of {@code width}, {@code stride} apart from {@code first}, packed into {@code dst}. */
    private static void gather(float[] in, int first, int stride, int n, int width, float[] dst) {
        if (stride == width) {
            System.arraycopy(in, first, dst, 0, n * width);
            return;
        }
        for (int k = 0, s = first; k < n; k++, s += stride) {
            System.arraycopy(in, s, dst, k * width, width);
        }
    }

    /** {@code w.colMax[c]}: the maximum over output row {@code oh}'s row taps of input column {@code c}. */
    private static void verticalMax(float[] in, int base, AxisWindows rows, int oh, int n, FloatRows w) {
        int count = rows.count[oh];
        int r0 = base + rows.first[oh] * n;
        int rowStep = rows.step * n;
        float[] m = w.colMax;
        if (count == 0) {
            Arrays.fill(m, Float.NEGATIVE_INFINITY);
            return;
        }
        if (count == 1) {
            System.arraycopy(in, r0, m, 0, n);
            return;
        }
        float[] a = w.a;
        float[] b = w.b;
        System.arraycopy(in, r0, a, 0, n);
        System.arraycopy(in, r0 + rowStep, b, 0, n);
        if (count == 3) {
            float[] c = w.c;
            System.arraycopy(in, r0 + 2 * rowStep, c, 0, n);
            max3(m, a, b, c, n);
            return;
        }
        max2(m, a, b, n);
        for (int t = 2, r = r0 + 2 * rowStep; t < count; t++, r += rowStep) {
            System.arraycopy(in, r, a, 0, n);
            max2(m, m, a, n);
        }
    }

    private static void max2(float[] dst, float[] x, float[] y, int n) {
        for (int i = 0; i < n; i++) {
            dst[i] = Math.max(x[i], y[i]);
        }
    }

    private static void max3(float[] dst, float[] x, float[] y, float[] z, int n) {
        for (int i = 0; i < n; i++) {
            dst[i] = Math.max(Math.max(x[i], y[i]), z[i]);
        }
    }

    private static void minAbsInto(float[] acc, float[] x, int n) {
        for (int i = 0; i < n; i++) {
            acc[i] = Math.min(acc[i], Math.abs(x[i]));
        }
    }

    private static float min(float[] x, int n) {
        float m = Float.POSITIVE_INFINITY;
        for (int i = 0; i < n; i++) {
            m = Math.min(m, x[i]);
        }
        return m;
    }

    /**
     * Every window's maximum over the column taps of {@code w.colMax}, into {@code out[o ..]}.
     * Returns whether a scalar-computed cell came out zero or NaN (vectorised cells are tracked
     * in {@code w.zeros} instead).
     */
    private static boolean horizontalMax(FloatRows w, AxisWindows cols, float[] out, int o) {
        float[] src = w.colMax;
        int outW = cols.outputLength();
        int lo = cols.runStart;
        int hi = cols.runEnd;
        boolean suspect = false;
        for (int ow = 0; ow < lo; ow++) {
            float v = foldFloat(src, cols.first[ow], cols.count[ow], cols.step);
            out[o + ow] = v;
            suspect |= v == 0f || v != v;
        }
        if (lo < hi) {
            int a = cols.first[lo];
            int taps = cols.runTaps;
            int step = cols.step;
            int stride = cols.runStride;
            int n = hi - lo;
            if (stride == 1) {
                float[] r = w.result;
                if (taps == 1) {
                    System.arraycopy(src, a, r, 0, n);
                } else {
                    float[] x = w.a;
                    float[] y = w.b;
                    System.arraycopy(src, a, x, 0, n);
                    System.arraycopy(src, a + step, y, 0, n);
                    if (taps == 3) {
                        float[] z = w.c;
                        System.arraycopy(src, a + 2 * step, z, 0, n);
                        max3(r, x, y, z, n);
                    } else {
                        max2(r, x, y, n);
                        for (int j = 2, c = a + 2 * step; j < taps; j++, c += step) {
                            System.arraycopy(src, c, x, 0, n);
                            max2(r, r, x, n);
                        }
                    }
                }
                minAbsInto(w.zeros, r, n);
                System.arraycopy(r, 0, out, o + lo, n);
            } else if (taps == 2 && step == 1) {
                for (int ow = lo, c = a; ow < hi; ow++, c += stride) {
                    float v = Math.max(src[c], src[c + 1]);
                    out[o + ow] = v;
                    suspect |= v == 0f || v != v;
                }
            } else if (taps == 3 && step == 1) {
                for (int ow = lo, c = a; ow < hi; ow++, c += stride) {
                    float v = Math.max(Math.max(src[c], src[c + 1]), src[c + 2]);
                    out[o + ow] = v;
                    suspect |= v == 0f || v != v;
                }
            } else {
                for (int ow = lo, c = a; ow < hi; ow++, c += stride) {
                    float v = src[c];
                    for (int j = 1, t = c + step; j < taps; j++, t += step) {
                        v = Math.max(v, src[t]);
                    }
                    out[o + ow] = v;
                    suspect |= v == 0f || v != v;
                }
            }
        }
        for (int ow = Math.max(lo, hi); ow < outW; ow++) {
            float v = foldFloat(src, cols.first[ow], cols.count[ow], cols.step);
            out[o + ow] = v;
            suspect |= v == 0f || v != v;
        }
        return suspect;
    }

    private static float foldFloat(float[] a, int start, int count, int step) {
        float m = Float.NEGATIVE_INFINITY;
        for (int j = 0, t = start; j < count; j++, t += step) {
            m = Math.max(m, a[t]);
        }
        return m;
    }

    /** The contract's scan of one window: {@code v > max || isNaN(v)} replaces, row by row. */
    static float exactFloat(float[] in, int base, WindowGeometry g, int oh, int ow) {
        AxisWindows rows = g.rows;
        AxisWindows cols = g.cols;
        int inW = cols.inputLength;
        float max = Float.NEGATIVE_INFINITY;
        int rowStep = rows.step * inW;
        for (int i = 0, r = base + rows.first[oh] * inW + cols.first[ow]; i < rows.count[oh]; i++, r += rowStep) {
            for (int j = 0, c = r; j < cols.count[ow]; j++, c += cols.step) {
                float v = in[c];
                if (v > max || v != v) {
                    max = v;
                }
            }
        }
        return max;
    }

    // ---------------------------------------------------------------- float64

    static double[] doubles(double[] in, int planes, WindowGeometry g, double[] target) {
        AxisWindows rows = g.rows;
        AxisWindows cols = g.cols;
        int inH = rows.inputLength;
        int inW = cols.inputLength;
        int outH = rows.outputLength();
        int outW = cols.outputLength();
        double[] colMax = new double[inW];
        double[] slide = new double[runSpan(cols)];
        double[] out = target != null ? target : new double[planes * outH * outW];
        for (int p = 0; p < planes; p++) {
            int base = p * inH * inW;
            for (int oh = 0; oh < outH; oh++) {
                int o = (p * outH + oh) * outW;
                double[] src = colMax;
                int s = 0;
                int count = rows.count[oh];
                int r0 = base + rows.first[oh] * inW;
                if (count == 0) {
                    Arrays.fill(colMax, Double.NEGATIVE_INFINITY);
                } else if (count == 1) {
                    src = in;
                    s = r0;
                } else {
                    int rowStep = rows.step * inW;
                    for (int i = 0; i < inW; i++) {
                        colMax[i] = Math.max(in[r0 + i], in[r0 + rowStep + i]);
                    }
                    for (int t = 2, r = r0 + 2 * rowStep; t < count; t++, r += rowStep) {
                        for (int i = 0; i < inW; i++) {
                            colMax[i] = Math.max(colMax[i], in[r + i]);
                        }
                    }
                }
                horizontalMax(src, s, cols, slide, out, o);
                for (int ow = 0; ow < outW; ow++) {
                    double v = out[o + ow];
                    if (v == 0.0 || v != v) {
                        out[o + ow] = exactDouble(in, base, g, oh, ow);
                    }
                }
            }
        }
        return out;
    }

    private static void horizontalMax(double[] src, int s, AxisWindows cols, double[] slide, double[] out, int o) {
        int outW = cols.outputLength();
        int lo = cols.runStart;
        int hi = cols.runEnd;
        for (int ow = 0; ow < lo; ow++) {
            out[o + ow] = foldDouble(src, s + cols.first[ow], cols.count[ow], cols.step);
        }
        if (lo < hi) {
            int a = s + cols.first[lo];
            int n = slide.length;
            int step = cols.step;
            System.arraycopy(src, a, slide, 0, n);
            for (int j = 1, c = a + step; j < cols.runTaps; j++, c += step) {
                for (int i = 0; i < n; i++) {
                    slide[i] = Math.max(slide[i], src[c + i]);
                }
            }
            for (int ow = lo, t = 0; ow < hi; ow++, t += cols.runStride) {
                out[o + ow] = slide[t];
            }
        }
        for (int ow = Math.max(lo, hi); ow < outW; ow++) {
            out[o + ow] = foldDouble(src, s + cols.first[ow], cols.count[ow], cols.step);
        }
    }

    private static double foldDouble(double[] a, int start, int count, int step) {
        double m = Double.NEGATIVE_INFINITY;
        for (int j = 0, t = start; j < count; j++, t += step) {
            m = Math.max(m, a[t]);
        }
        return m;
    }

    static double exactDouble(double[] in, int base, WindowGeometry g, int oh, int ow) {
        AxisWindows rows = g.rows;
        AxisWindows cols = g.cols;
        int inW = cols.inputLength;
        double max = Double.NEGATIVE_INFINITY;
        int rowStep = rows.step * inW;
        for (int i = 0, r = base + rows.first[oh] * inW + cols.first[ow]; i < rows.count[oh]; i++, r += rowStep) {
            for (int j = 0, c = r; j < cols.count[ow]; j++, c += cols.step) {
                double v = in[c];
                if (v > max || v != v) {
                    max = v;
                }
            }
        }
        return max;
    }

    // ---------------------------------------------------------------- uint8 / int8

    /** int8 ({@code flip = 0}) and uint8 ({@code flip = 0x80}); keys are {@code (byte) (b ^ flip)}. */
    static byte[] bytes(byte[] in, int planes, WindowGeometry g, int flip, byte[] target) {
        AxisWindows rows = g.rows;
        AxisWindows cols = g.cols;
        int inH = rows.inputLength;
        int inW = cols.inputLength;
        int outH = rows.outputLength();
        int outW = cols.outputLength();
        byte f = (byte) flip;
        byte[] colMax = new byte[inW];
        byte[] slide = new byte[runSpan(cols)];
        byte[] out = target != null ? target : new byte[planes * outH * outW];
        for (int p = 0; p < planes; p++) {
            int base = p * inH * inW;
            for (int oh = 0; oh < outH; oh++) {
                int o = (p * outH + oh) * outW;
                int count = rows.count[oh];
                int r0 = base + rows.first[oh] * inW;
                if (fusedBytes(in, r0, rows.step * inW, count, cols, out, o, f)) {
                    continue;
                }
                // colMax holds keys
                if (count == 0) {
                    Arrays.fill(colMax, Byte.MIN_VALUE);
                } else {
                    for (int i = 0; i < inW; i++) {
                        colMax[i] = (byte) (in[r0 + i] ^ f);
                    }
                    int rowStep = rows.step * inW;
                    for (int t = 1, r = r0 + rowStep; t < count; t++, r += rowStep) {
                        for (int i = 0; i < inW; i++) {
                            colMax[i] = (byte) Math.max(colMax[i], (byte) (in[r + i] ^ f));
                        }
                    }
                }
                int lo = cols.runStart;
                int hi = cols.runEnd;
                for (int ow = 0; ow < lo; ow++) {
                    out[o + ow] = (byte) (foldKey(colMax, cols.first[ow], cols.count[ow], cols.step) ^ f);
                }
                if (lo < hi) {
                    int a = cols.first[lo];
                    int n = slide.length;
                    int step = cols.step;
                    System.arraycopy(colMax, a, slide, 0, n);
                    for (int j = 1, c = a + step; j < cols.runTaps; j++, c += step) {
                        for (int i = 0; i < n; i++) {
                            slide[i] = (byte) Math.max(slide[i], colMax[c + i]);
                        }
                    }
                    for (int ow = lo, t = 0; ow < hi; ow++, t += cols.runStride) {
                        out[o + ow] = (byte) (slide[t] ^ f);
                    }
                }
                for (int ow = Math.max(lo, hi); ow < outW; ow++) {
                    out[o + ow] = (byte) (foldKey(colMax, cols.first[ow], cols.count[ow], cols.step) ^ f);
                }
            }
        }
        return out;
    }

    /**
     * One output row of 2 x 2 or 3 x 3 windows with contiguous column taps, straight from the
     * input: each window's keys are loaded and combined with branch-free {@code Math.max}, with no
     * scratch rows (JDK 17 does not vectorise byte maxima, so the separable passes buy nothing
     * here). Returns false, doing nothing, for any other row.
     */
    private static boolean fusedBytes(byte[] in, int r0, int rowStep, int rowCount, AxisWindows cols, byte[] out,
                                      int o, byte f) {
        int taps = cols.runTaps;
        int lo = cols.runStart;
        int hi = cols.runEnd;
        if (rowCount != taps || (taps != 2 && taps != 3) || cols.step != 1 || lo >= hi) {
            return false;
        }
        int r1 = r0 + rowStep;
        int stride = cols.runStride;
        if (taps == 2) {
            for (int ow = lo, c = cols.first[lo]; ow < hi; ow++, c += stride) {
                int top = Math.max((byte) (in[r0 + c] ^ f), (byte) (in[r0 + c + 1] ^ f));
                int bottom = Math.max((byte) (in[r1 + c] ^ f), (byte) (in[r1 + c + 1] ^ f));
                out[o + ow] = (byte) (Math.max(top, bottom) ^ f);
            }
        } else {
            int r2 = r1 + rowStep;
            for (int ow = lo, c = cols.first[lo]; ow < hi; ow++, c += stride) {
                int a = Math.max(Math.max((byte) (in[r0 + c] ^ f), (byte) (in[r0 + c + 1] ^ f)),
                        (byte) (in[r0 + c + 2] ^ f));
                int b = Math.max(Math.max((byte) (in[r1 + c] ^ f), (byte) (in[r1 + c + 1] ^ f)),
                        (byte) (in[r1 + c + 2] ^ f));
                int d = Math.max(Math.max((byte) (in[r2 + c] ^ f), (byte) (in[r2 + c + 1] ^ f)),
                        (byte) (in[r2 + c + 2] ^ f));
                out[o + ow] = (byte) (Math.max(Math.max(a, b), d) ^ f);
            }
        }
        for (int ow = 0; ow < cols.outputLength(); ow++) {
            if (ow == lo) {
                ow = hi - 1;
                continue;
            }
            int m = Byte.MIN_VALUE;
            for (int i = 0, r = r0 + cols.first[ow]; i < rowCount; i++, r += rowStep) {
                for (int j = 0, c = r; j < cols.count[ow]; j++, c += cols.step) {
                    m = Math.max(m, (byte) (in[c] ^ f));
                }
            }
            out[o + ow] = (byte) (m ^ f);
        }
        return true;
    }

    private static int foldKey(byte[] keys, int start, int count, int step) {
        int m = Byte.MIN_VALUE;
        for (int j = 0, t = start; j < count; j++, t += step) {
            m = Math.max(m, keys[t]);
        }
        return m;
    }
}
