package io.tensorpool.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Float32 window maxima without indices, with the Vector API. Loaded only through
 * {@link VectorKernels}.
 *
 * <h2>How</h2>
 * Each plane is first turned into <em>order keys</em>, an {@code int} per cell, written into a
 * scratch plane that has the windows' padding around it filled with {@link Integer#MIN_VALUE}: a
 * key is the float's bits with the magnitude bits of negative values flipped, so that signed
 * integer order is float order ({@code -inf < ... < -0.0 < +0.0 < ... < +inf}), and its own
 * inverse. Every window's maximum is then plain integer {@code max} over its keys (one
 * instruction, no compare-and-blend chain), one window per lane, every output row at full width
 * with no border cases: the padding's {@code MIN_VALUE} is below every key. Stride 2 computes a
 * window at every column and keeps the even lanes ({@link VectorLanes#evenLanes}); a row's last
 * vector is shifted back to end at the row's end, recomputing a few windows with identical results.
 *
 * <h2>Why the result is bit for bit the contract's</h2>
 * The contract's scan ({@link MaxPoolKernels}: row by row, left to right, replace when
 * {@code v > max || isNaN(v)}) yields the last NaN of the window if it holds one, else the first
 * cell holding the largest value. Without NaN, the largest key is the largest value, and only one
 * bit pattern has that value, except for zeros: keys order {@code -0.0} below {@code +0.0}, the
 * scan keeps whichever zero came first. So:
 * <ul>
 *   <li>a plane holding any NaN (seen while writing its keys) is pooled with the scan itself,
 *       lanewise ({@link #scanRow}: {@code m = m.blend(v, v.compare(GT, m).or(v.compare(NE, v)))},
 *       in scan order, from the window's first in-bounds cell) and the scalar scan at the borders;</li>
 *   <li>an output row where some maximum came out {@code +0.0} is redone the same way;</li>
 *   <li>every other maximum is exact. {@code -0.0} as the maximum means the window has no
 *       {@code +0.0}, and then every largest cell is {@code -0.0}.</li>
 * </ul>
 * Data with many exact zeros (after a ReLU) pays for the redone rows; results stay exact.
 *
 * <p>Which geometries ({@link #handles}): sliding windows without dilation of 2 or 3 taps on both
 * axes, column stride 1 or 2, every window holding at least one input cell, planes up to
 * {@link #MAX_PLANE} cells with their padding. Anything else, and rows narrower than a vector,
 * stays with {@link SeparableMax}.
 */
final class VectorMax {
    private static final VectorSpecies<Float> FLOATS = VectorLanes.FLOATS;
    private static final VectorSpecies<Integer> INTS = VectorLanes.INTS;
    private static final int LANES = FLOATS.length();
    private static final int KEY_OF_NEGATIVE_INFINITY = Float.floatToRawIntBits(Float.NEGATIVE_INFINITY) ^ 0x7FFF_FFFF;
    private static final int KEY_OF_POSITIVE_INFINITY = Float.floatToRawIntBits(Float.POSITIVE_INFINITY);

    /** Scratch for one plane's padded keys, kept per thread (a job pools one record after another). */
    private static final ThreadLocal<int[]> KEYS = new ThreadLocal<>();

    private VectorMax() {
    }

    /**
     * The largest padded plane the vector kernels take, in cells: their scratch plane (4 bytes a
     * cell, one per executor thread) stays within 16 MB; larger planes take the scalar kernels,
     * whose scratch is a few rows.
     */
    static final long MAX_PLANE = 1L << 22;

    /** Whether {@link #floats} takes this geometry (see the class comment). */
    static boolean handles(WindowGeometry g) {
        int per = g.cols.runStride == 2 ? LANES / 2 : LANES;
        return g.cols.outputLength() >= per && PaddedPlane.of(g) != null;
    }

    /**
     * Where the input sits in the scratch plane both vector kernels pool from ({@code VectorAvg}
     * too): {@code top} rows and {@code left} columns of padding before it, and after it enough
     * that every window of the regular run lies inside the {@code height x width} plane.
     */
    record PaddedPlane(int top, int left, int height, int width) {
        /** The plane for {@code g}; null when its windows are not regular (see {@link #padBefore}) or it exceeds {@link #MAX_PLANE}. */
        static PaddedPlane of(WindowGeometry g) {
            int top = padBefore(g.rows, 3, 3);
            int left = padBefore(g.cols, 3, 2);
            if (top < 0 || left < 0) {
                return null;
            }
            long height = (long) top + g.rows.inputLength + padAfter(g.rows);
            long width = (long) left + g.cols.inputLength + padAfter(g.cols);
            return height * width <= MAX_PLANE ? new PaddedPlane(top, left, (int) height, (int) width) : null;
        }
    }

    /**
     * The padding before the input on this axis when its windows are regular: every window
     * {@code o} covers {@code [start(o), start(o) + runTaps)} clipped to the input, with
     * {@code start(o) = first[runStart] + (o - runStart) * runStride}, holds at least one input
     * cell, has at most {@code maxTaps} taps and at most {@code maxStride} stride; -1 otherwise.
     */
    static int padBefore(AxisWindows axis, int maxTaps, int maxStride) {
        int taps = axis.runTaps;
        int stride = axis.runStride;
        if (axis.step != 1 || taps < 2 || taps > maxTaps || stride > maxStride || axis.runStart >= axis.runEnd) {
            return -1;
        }
        for (int o = 0; o < axis.outputLength(); o++) {
            long start = start(axis, o);
            long first = Math.max(start, 0);
            long end = Math.min(start + taps, axis.inputLength);
            if (end <= first || axis.first[o] != first || axis.count[o] != end - first) {
                return -1;
            }
        }
        return (int) Math.max(0, -start(axis, 0));
    }

    static long start(AxisWindows axis, int o) {
        return axis.first[axis.runStart] + (long) (o - axis.runStart) * axis.runStride;
    }

    /** The padding after the input on this axis (see {@link #padBefore}). */
    static int padAfter(AxisWindows axis) {
        return (int) Math.max(0, start(axis, axis.outputLength() - 1) + axis.runTaps - axis.inputLength);
    }

    /** Every window's maximum, into {@code target} (every cell written) or a new array. */
    static float[] floats(float[] in, int planes, WindowGeometry g, float[] target) {
        AxisWindows rows = g.rows;
        AxisWindows cols = g.cols;
        int inH = rows.inputLength;
        int inW = cols.inputLength;
        int outH = rows.outputLength();
        int outW = cols.outputLength();
        PaddedPlane plane = PaddedPlane.of(g);
        int top = plane.top();
        int left = plane.left();
        int width = plane.width();
        int height = plane.height();
        int[] keys = keyPlane(height * width);
        float[] out = target != null ? target : new float[planes * outH * outW];
        for (int p = 0; p < planes; p++) {
            int base = p * g.inputPlane();
            boolean nan = false;
            for (int y = 0; y < inH; y++) {
                nan |= toKeys(in, base + y * inW, inW, keys, (top + y) * width + left);
            }
            for (int oh = 0; oh < outH; oh++) {
                int o = (p * outH + oh) * outW;
                int at = (int) (start(rows, oh) + top) * width + (int) start(cols, 0) + left;
                if (nan || keyRow(keys, at, width, rows.runTaps, cols.runTaps, cols.runStride, out, o, outW)) {
                    exactRow(in, base, g, oh, out, o);
                }
            }
        }
        return out;
    }

    /**
     * One output row the exact way for any data: the run with the scan in every lane, the border
     * windows (clipped by the padding) with the scalar scan.
     */
    private static void exactRow(float[] in, int base, WindowGeometry g, int oh, float[] out, int o) {
        AxisWindows rows = g.rows;
        AxisWindows cols = g.cols;
        int lo = cols.runStart;
        int hi = cols.runEnd;
        int done = 0;
        if (hi - lo >= (cols.runStride == 1 ? LANES : LANES / 2)) {
            int r0 = base + rows.first[oh] * cols.inputLength + cols.first[lo];
            done = scanRow(in, r0, rows.step * cols.inputLength, rows.count[oh], cols.runTaps, cols.runStride, out,
                    o + lo, hi - lo);
        }
        for (int ow = 0; ow < cols.outputLength(); ow++) {
            if (ow < lo || ow >= lo + done) {
                out[o + ow] = SeparableMax.exactFloat(in, base, g, oh, ow);
            }
        }
    }

    /**
     * One output row's run, the fast way: {@code n} windows of {@code rowCount x taps} cells
     * (2 x 2, 2 x 3, 3 x 2 or 3 x 3) of the padded key plane {@code in}, starting {@code stride}
     * columns apart from {@code in[at]}, rows {@code rowStep} apart, into {@code out[o ..]}. The
     * plane holds no NaN (the caller checked). Returns false, having written all of them exactly,
     * or true when a maximum came out {@code +0.0}, where a {@code -0.0} may have come first: the
     * caller then redoes the row with {@link #exactRow}.
     *
     * <p>One method per window shape, each straight-line: C2 (JDK 17) keeps vectors in registers
     * through straight-line code and simple loops, but boxes them (allocating in the inner loop)
     * where branches merge, loops nest, or a method grows past its inlining budget.
     */
    private static boolean keyRow(int[] in, int at, int rowStep, int rowCount, int taps, int stride, float[] out,
                                  int o, int n) {
        if (rowCount == 2 && taps == 2) {
            return keys2x2(in, at, rowStep, stride, out, o, n);
        } else if (rowCount == 2 && taps == 3) {
            return keys2x3(in, at, rowStep, stride, out, o, n);
        } else if (rowCount == 3 && taps == 2) {
            return keys3x2(in, at, rowStep, stride, out, o, n);
        } else if (rowCount == 3 && taps == 3) {
            return keys3x3(in, at, rowStep, stride, out, o, n);
        }
        return true;
    }

    private static boolean keys2x2(int[] in, int at, int r1, int stride, float[] out, int o, int n) {
        int per = stride == 1 ? LANES : LANES / 2;
        IntVector smallest = IntVector.broadcast(INTS, Integer.MAX_VALUE);
        for (int k = 0; k < n; k += per) {
            int s = Math.min(k, n - per);
            int c = at + stride * s;
            IntVector m = key(in, c).max(key(in, c + 1)).max(key(in, c + r1)).max(key(in, c + r1 + 1));
            smallest = smallest.min(m.abs().sub(1));
            store(m, stride, out, o + s);
        }
        return positiveZero(smallest);
    }

    private static boolean keys2x3(int[] in, int at, int r1, int stride, float[] out, int o, int n) {
        int per = stride == 1 ? LANES : LANES / 2;
        IntVector smallest = IntVector.broadcast(INTS, Integer.MAX_VALUE);
        for (int k = 0; k < n; k += per) {
            int s = Math.min(k, n - per);
            int c = at + stride * s;
            IntVector m = row3(in, c).max(row3(in, c + r1));
            smallest = smallest.min(m.abs().sub(1));
            store(m, stride, out, o + s);
        }
        return positiveZero(smallest);
    }

    private static boolean keys3x2(int[] in, int at, int r1, int stride, float[] out, int o, int n) {
        int per = stride == 1 ? LANES : LANES / 2;
        int r2 = 2 * r1;
        IntVector smallest = IntVector.broadcast(INTS, Integer.MAX_VALUE);
        for (int k = 0; k < n; k += per) {
            int s = Math.min(k, n - per);
            int c = at + stride * s;
            IntVector m = key(in, c).max(key(in, c + 1)).max(key(in, c + r1)).max(key(in, c + r1 + 1))
                    .max(key(in, c + r2)).max(key(in, c + r2 + 1));
            smallest = smallest.min(m.abs().sub(1));
            store(m, stride, out, o + s);
        }
        return positiveZero(smallest);
    }

    private static boolean keys3x3(int[] in, int at, int r1, int stride, float[] out, int o, int n) {
        int per = stride == 1 ? LANES : LANES / 2;
        int r2 = 2 * r1;
        IntVector smallest = IntVector.broadcast(INTS, Integer.MAX_VALUE);
        for (int k = 0; k < n; k += per) {
            int s = Math.min(k, n - per);
            int c = at + stride * s;
            IntVector m = row3(in, c).max(row3(in, c + r1)).max(row3(in, c + r2));
            smallest = smallest.min(m.abs().sub(1));
            store(m, stride, out, o + s);
        }
        return positiveZero(smallest);
    }

    /** The largest key of three neighbouring cells, at every lane. */
    private static IntVector row3(int[] in, int c) {
        return key(in, c).max(key(in, c + 1)).max(key(in, c + 2));
    }

    /**
     * Whether some maximum was {@code +0.0}, given the least {@code |key| - 1} of the row: negative
     * only for {@code +0.0}'s key 0 ({@code -0.0}'s is -1; the padding's {@code MIN_VALUE}, which
     * the discarded lanes of stride 2 may see, wraps around to {@code MAX_VALUE}).
     */
    private static boolean positiveZero(IntVector smallestAbsKeyLessOne) {
        return smallestAbsKeyLessOne.reduceLanes(VectorOperators.MIN) < 0;
    }

    private static void store(IntVector maxKey, int stride, float[] out, int o) {
        FloatVector v = unkey(maxKey);
        if (stride == 1) {
            v.intoArray(out, o);
        } else {
            VectorLanes.evenLanes(v).intoArray(out, o);
        }
    }

    /**
     * Writes the order keys of {@code in[from .. from + n)} to {@code keys[to ..]}, and returns
     * whether there was a NaN among them (a key above {@code +inf}'s or below {@code -inf}'s).
     */
    private static boolean toKeys(float[] in, int from, int n, int[] keys, int to) {
        IntVector lowest = IntVector.broadcast(INTS, Integer.MAX_VALUE);
        IntVector highest = IntVector.broadcast(INTS, Integer.MIN_VALUE);
        int i = 0;
        for (; i <= n - LANES; i += LANES) {
            IntVector k = flip(FloatVector.fromArray(FLOATS, in, from + i).reinterpretAsInts());
            k.intoArray(keys, to + i);
            lowest = lowest.min(k);
            highest = highest.max(k);
        }
        boolean nan = lowest.reduceLanes(VectorOperators.MIN) < KEY_OF_NEGATIVE_INFINITY
                || highest.reduceLanes(VectorOperators.MAX) > KEY_OF_POSITIVE_INFINITY;
        for (; i < n; i++) {
            int bits = Float.floatToRawIntBits(in[from + i]);
            keys[to + i] = bits ^ ((bits >> 31) & 0x7FFF_FFFF);
            nan |= Float.isNaN(in[from + i]);
        }
        return nan;
    }

    /**
     * This thread's key plane of {@code n} keys, all {@link Integer#MIN_VALUE} (the padding's: below
     * every float's key, and never 0, which would send a row to the scan), and a margin that the
     * discarded lanes of stride-2 vectors may read.
     */
    private static int[] keyPlane(int n) {
        int[] keys = KEYS.get();
        if (keys == null || keys.length < n + 2 * LANES) {
            keys = new int[n + 2 * LANES];
            KEYS.set(keys);
        }
        java.util.Arrays.fill(keys, Integer.MIN_VALUE);
        return keys;
    }

    /**
     * The order key of 16 floats: their bits, with the magnitude bits of negative values flipped,
     * so that signed integer order is float order from {@code -inf} to {@code +inf}, {@code -0}
     * just below {@code +0}, positive NaNs above {@code +inf} and negative NaNs below {@code -inf}.
     * Its own inverse.
     */
    private static IntVector key(int[] keys, int at) {
        return IntVector.fromArray(INTS, keys, at);
    }

    private static IntVector flip(IntVector bits) {
        return bits.lanewise(VectorOperators.XOR,
                bits.lanewise(VectorOperators.ASHR, 31).lanewise(VectorOperators.AND, 0x7FFF_FFFF));
    }

    private static FloatVector unkey(IntVector key) {
        return flip(key).reinterpretAsFloats();
    }

    /**
     * One output row's run with the contract's scan in every lane: exact for any data, and the
     * redo of {@link #keyRow}. Returns how many windows were written: all, unless at stride 2 a
     * vector's discarded last lane would read past the end of {@code in} (the array's very last
     * row), and then the caller scans the rest.
     */
    private static int scanRow(float[] in, int at, int rowStep, int rowCount, int taps, int stride, float[] out,
                               int o, int n) {
        int per = stride == 1 ? LANES : LANES / 2;
        int last = n - per;
        int reach = (rowCount - 1) * rowStep + LANES - 1 + taps - 1;
        for (int k = 0; k < n; k += per) {
            int s = Math.min(k, last);
            int from = at + stride * s;
            if (from + reach >= in.length) {
                return k;
            }
            FloatVector m = window(in, from, rowStep, rowCount, taps);
            if (stride == 1) {
                m.intoArray(out, o + s);
            } else {
                VectorLanes.evenLanes(m).intoArray(out, o + s);
            }
        }
        return n;
    }

    /** The scan of the windows of {@code rowCount} rows and {@code taps} columns starting at {@code in[at + lane]}. */
    private static FloatVector window(float[] in, int at, int rowStep, int rowCount, int taps) {
        FloatVector m = FloatVector.fromArray(FLOATS, in, at);
        m = scan(m, FloatVector.fromArray(FLOATS, in, at + 1));
        if (taps == 3) {
            m = scan(m, FloatVector.fromArray(FLOATS, in, at + 2));
        }
        for (int i = 1, r = at + rowStep; i < rowCount; i++, r += rowStep) {
            m = scan(m, FloatVector.fromArray(FLOATS, in, r));
            m = scan(m, FloatVector.fromArray(FLOATS, in, r + 1));
            if (taps == 3) {
                m = scan(m, FloatVector.fromArray(FLOATS, in, r + 2));
            }
        }
        return m;
    }

    /** One step of the contract's scan in every lane: {@code v} replaces {@code m} when {@code v > m || isNaN(v)}. */
    private static FloatVector scan(FloatVector m, FloatVector v) {
        return m.blend(v, v.compare(VectorOperators.GT, m).or(v.compare(VectorOperators.NE, v)));
    }
}
