package io.tensorpool.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Float32 window means of {@code avg_pool2d} (one divisor per cell), with the Vector API: the
 * contract's sum itself, one window per lane. Loaded only through {@link VectorKernels}.
 *
 * <p>Every lane computes what {@link AvgPoolKernels} does for its window:
 * {@code ((0 + x00) + x01 + ... ) / d}, the in-bounds cells added row by row, left to right, in
 * float32, then, for {@code avg_pool2d}, {@code 0 + quotient}. The same additions in the same
 * order give the same bits; padding cells are never loaded (they add nothing, and
 * {@code count_include_pad} lives in the divisor). The quotient is a true division by each
 * cell's own float32 divisor ({@link Divisors}), loaded lanewise; {@code 0 + quotient} is one
 * addition of {@code +0.0}, and for the operators that skip it an addition of {@code -0.0}, which
 * returns every value unchanged (so there is no branch).
 *
 * <p>Which windows, stride 2, the last vector of a row and the borders: as in {@link VectorMax}
 * (border windows through {@link AvgPoolKernels#exactMean}).
 */
final class VectorAvg {
    private static final VectorSpecies<Float> FLOATS = VectorLanes.FLOATS;
    private static final int LANES = FLOATS.length();

    private VectorAvg() {
    }

    /** Whether {@link #floats} takes this geometry: as {@link VectorMax#handles}. */
    static boolean handles(WindowGeometry g) {
        return VectorMax.handles(g);
    }

    /**
     * Every window's mean, into {@code target} (every cell written) or a new array.
     *
     * @param divisor   the float32 divisor of every output cell of a plane, row-major
     * @param addToZero whether the quotient is added to {@code +0.0} ({@code avg_pool2d})
     */
    static float[] floats(float[] in, int planes, WindowGeometry g, float[] divisor, boolean addToZero,
                          float[] target) {
        AxisWindows rows = g.rows;
        AxisWindows cols = g.cols;
        int inW = cols.inputLength;
        int outH = rows.outputLength();
        int outW = cols.outputLength();
        int lo = cols.runStart;
        int hi = cols.runEnd;
        int rowStep = rows.step * inW;
        int stride = cols.runStride;
        // Dividing by a power of two is multiplying by its reciprocal, exactly (both are the
        // correctly rounded x / d), and a multiplication costs a fraction of a division.
        boolean reciprocal = powersOfTwo(divisor);
        float[] factor = reciprocal ? reciprocals(divisor) : divisor;
        // lane j of a full-width vector of sums holds window s + j / stride: its factor is there too
        float[] spread = stride == 1 ? factor : spread(factor);
        // x + (-0.0) is x for every x, x + (+0.0) is PyTorch's "0 + x": one add, no branch
        float bias = addToZero ? 0f : -0f;
        float[] out = target != null ? target : new float[planes * outH * outW];
        for (int p = 0; p < planes; p++) {
            int base = p * g.inputPlane();
            for (int oh = 0; oh < outH; oh++) {
                int o = (p * outH + oh) * outW;
                int cell = oh * outW;
                int count = rows.count[oh];
                for (int ow = 0; ow < lo; ow++) {
                    out[o + ow] = AvgPoolKernels.exactMean(in, base, g, oh, ow, divisor[cell + ow], addToZero);
                }
                int done = 0;
                if (count > 0) {
                    int r0 = base + rows.first[oh] * inW + cols.first[lo];
                    int taps = cols.runTaps;
                    int n = hi - lo;
                    if (stride == 1) {
                        done = reciprocal ? stride1Times(in, r0, rowStep, count, taps, spread, cell + lo, bias, out, o + lo, n)
                                : stride1(in, r0, rowStep, count, taps, spread, cell + lo, bias, out, o + lo, n);
                    } else {
                        int d = 2 * (cell + lo);
                        done = reciprocal ? stride2Times(in, r0, rowStep, count, taps, spread, d, bias, out, o + lo, n)
                                : stride2(in, r0, rowStep, count, taps, spread, d, bias, out, o + lo, n);
                    }
                }
                for (int ow = lo + done; ow < outW; ow++) {
                    out[o + ow] = AvgPoolKernels.exactMean(in, base, g, oh, ow, divisor[cell + ow], addToZero);
                }
            }
        }
        return out;
    }

    /** Whether every divisor is {@code ±2^e} with {@code 2^-e} a normal float, so that {@code 1/d} is exact. */
    static boolean powersOfTwo(float[] divisor) {
        for (float d : divisor) {
            int e = Math.getExponent(d);
            if ((Float.floatToRawIntBits(d) & 0x007F_FFFF) != 0 || e < -126 || e > 126) {
                return false;
            }
        }
        return true;
    }

    private static float[] reciprocals(float[] divisor) {
        float[] r = new float[divisor.length];
        for (int i = 0; i < r.length; i++) {
            r[i] = 1f / divisor[i];
        }
        return r;
    }

    /** Each divisor twice, then a vector's worth of ones: the divisors of stride 2's full-width lanes. */
    private static float[] spread(float[] divisor) {
        float[] s = new float[2 * divisor.length + LANES];
        for (int i = 0; i < divisor.length; i++) {
            s[2 * i] = divisor[i];
            s[2 * i + 1] = divisor[i];
        }
        java.util.Arrays.fill(s, 2 * divisor.length, s.length, 1f);
        return s;
    }

    /** {@code n >= LANES} windows starting at consecutive columns; returns {@code n}. */
    private static int stride1(float[] in, int at, int rowStep, int rowCount, int taps, float[] divisor, int d,
                               float bias, float[] out, int o, int n) {
        int last = n - LANES;
        for (int k = 0; k < n; k += LANES) {
            int s = Math.min(k, last);
            sum(in, at + s, rowStep, rowCount, taps).div(FloatVector.fromArray(FLOATS, divisor, d + s)).add(bias)
                    .intoArray(out, o + s);
        }
        return n;
    }

    /**
     * {@code n >= LANES / 2} windows starting every other column, their divisors spread at
     * {@code divisor[d ..]}. Returns how many were written: all, unless a vector's discarded last
     * lane would read past the end of {@code in} (the array's very last row), and then the caller
     * computes the rest.
     */
    private static int stride2(float[] in, int at, int rowStep, int rowCount, int taps, float[] divisor, int d,
                               float bias, float[] out, int o, int n) {
        int half = LANES / 2;
        int last = n - half;
        int reach = (rowCount - 1) * rowStep + LANES - 1 + taps - 1;
        for (int k = 0; k < n; k += half) {
            int s = Math.min(k, last);
            int from = at + 2 * s;
            if (from + reach >= in.length) {
                return k;
            }
            FloatVector v = sum(in, from, rowStep, rowCount, taps)
                    .div(FloatVector.fromArray(FLOATS, divisor, d + 2 * s)).add(bias);
            VectorLanes.evenLanes(v).intoArray(out, o + s);
        }
        return n;
    }

    /** As {@link #stride1}, multiplying by reciprocals (a method of its own: no vector crosses a branch). */
    private static int stride1Times(float[] in, int at, int rowStep, int rowCount, int taps, float[] factor, int d,
                                    float bias, float[] out, int o, int n) {
        int last = n - LANES;
        for (int k = 0; k < n; k += LANES) {
            int s = Math.min(k, last);
            sum(in, at + s, rowStep, rowCount, taps).mul(FloatVector.fromArray(FLOATS, factor, d + s)).add(bias)
                    .intoArray(out, o + s);
        }
        return n;
    }

    /** As {@link #stride2}, multiplying by reciprocals spread at {@code factor[d ..]}. */
    private static int stride2Times(float[] in, int at, int rowStep, int rowCount, int taps, float[] factor, int d,
                                    float bias, float[] out, int o, int n) {
        int half = LANES / 2;
        int last = n - half;
        int reach = (rowCount - 1) * rowStep + LANES - 1 + taps - 1;
        for (int k = 0; k < n; k += half) {
            int s = Math.min(k, last);
            int from = at + 2 * s;
            if (from + reach >= in.length) {
                return k;
            }
            FloatVector v = sum(in, from, rowStep, rowCount, taps)
                    .mul(FloatVector.fromArray(FLOATS, factor, d + 2 * s)).add(bias);
            VectorLanes.evenLanes(v).intoArray(out, o + s);
        }
        return n;
    }

    /** The sums {@code 0 + x00 + x01 (+ x02) + x10 + ...} of the windows starting at {@code in[at + lane]}. */
    private static FloatVector sum(float[] in, int at, int rowStep, int rowCount, int taps) {
        FloatVector s = FloatVector.fromArray(FLOATS, in, at).add(0f);
        s = s.add(FloatVector.fromArray(FLOATS, in, at + 1));
        if (taps == 3) {
            s = s.add(FloatVector.fromArray(FLOATS, in, at + 2));
        }
        for (int i = 1, r = at + rowStep; i < rowCount; i++, r += rowStep) {
            s = s.add(FloatVector.fromArray(FLOATS, in, r));
            s = s.add(FloatVector.fromArray(FLOATS, in, r + 1));
            if (taps == 3) {
                s = s.add(FloatVector.fromArray(FLOATS, in, r + 2));
            }
        }
        return s;
    }
}
