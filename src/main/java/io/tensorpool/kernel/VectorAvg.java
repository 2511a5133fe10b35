package io.tensorpool.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Float32 window means of {@code avg_pool2d} (one divisor per cell), with the Vector API. Loaded
 * only through {@link VectorKernels}.
 *
 * <h2>How</h2>
 * Each plane is first copied into a scratch plane with the windows' padding around it, filled
 * with {@code +0.0}; then every output row is computed at full width, one window per lane:
 * {@code ((0 + x00) + x01 + ...)}, the window's cells added row by row, left to right, in
 * float32, then divided by the cell's float32 divisor ({@link Divisors}), then, for
 * {@code avg_pool2d}, added to {@code +0.0}. Stride 2, the last vector of a row and the geometries
 * taken are as in {@link VectorMax}.
 *
 * <h2>Why the result is bit for bit the contract's</h2>
 * The contract ({@link AvgPoolKernels}) adds the in-bounds cells in the same order from
 * {@code +0.0}, in float32, and divides once. The padding cells it skips are added here as
 * {@code +0.0}, which changes no sum: a float32 sum that starts at {@code +0.0} is never
 * {@code -0.0} (in round-to-nearest, {@code a + b} is {@code -0.0} only when both are), and
 * {@code s + 0.0 == s}, bits included, for every other {@code s}. {@code count_include_pad} lives
 * in the divisor. Dividing by a power of two (4 for 2x2 windows) is done as a multiplication by
 * its reciprocal when every divisor of the call is one: {@code 1/d} is then a float, and
 * {@code x / d} and {@code x * (1/d)} are both the correctly rounded value of the same real number.
 * Any other divisor (9) is a true division. {@code 0 + quotient} is an addition of {@code +0.0};
 * the operators that skip it add {@code -0.0}, which returns every value unchanged.
 *
 * <p>One method per window shape and arithmetic, each straight-line: C2 (JDK 17) boxes vectors
 * (allocating in the inner loop) where branches merge, loops nest, or a method outgrows its
 * inlining budget.
 */
final class VectorAvg {
    private static final VectorSpecies<Float> FLOATS = VectorLanes.FLOATS;
    private static final int LANES = FLOATS.length();

    /** Scratch for one padded plane, kept per thread (a job pools one record after another). */
    private static final ThreadLocal<float[]> PLANE = new ThreadLocal<>();

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
        int inH = rows.inputLength;
        int inW = cols.inputLength;
        int outH = rows.outputLength();
        int outW = cols.outputLength();
        VectorMax.PaddedPlane plane = VectorMax.PaddedPlane.of(g);
        int top = plane.top();
        int left = plane.left();
        int width = plane.width();
        int height = plane.height();
        int stride = cols.runStride;
        boolean times = powersOfTwo(divisor);
        float[] factor = times ? reciprocals(divisor) : divisor;
        // lane j of a full-width vector of sums holds window s + j / stride: its factor is there too
        float[] spread = stride == 1 ? factor : spread(factor);
        // x + (-0.0) is x for every x, x + (+0.0) is PyTorch's "0 + x": one add, no branch
        float bias = addToZero ? 0f : -0f;
        float[] x = plane(height * width);
        float[] out = target != null ? target : new float[planes * outH * outW];
        for (int p = 0; p < planes; p++) {
            int base = p * g.inputPlane();
            for (int y = 0; y < inH; y++) {
                System.arraycopy(in, base + y * inW, x, (top + y) * width + left, inW);
            }
            for (int oh = 0; oh < outH; oh++) {
                int at = (int) (VectorMax.start(rows, oh) + top) * width + (int) VectorMax.start(cols, 0) + left;
                int d = stride * oh * outW;
                row(x, at, width, rows.runTaps, cols.runTaps, stride, times, spread, d, bias, out,
                        (p * outH + oh) * outW, outW);
            }
        }
        return out;
    }

    /** This thread's padded plane of {@code n} cells, all {@code +0.0}, and a margin for stride 2's discarded lanes. */
    private static float[] plane(int n) {
        float[] x = PLANE.get();
        if (x == null || x.length < n + 2 * LANES) {
            x = new float[n + 2 * LANES];
            PLANE.set(x);
        } else {
            java.util.Arrays.fill(x, 0f);
        }
        return x;
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

    /** Each factor twice, then a vector's worth of ones: the factors of stride 2's full-width lanes. */
    private static float[] spread(float[] factor) {
        float[] s = new float[2 * factor.length + LANES];
        for (int i = 0; i < factor.length; i++) {
            s[2 * i] = factor[i];
            s[2 * i + 1] = factor[i];
        }
        java.util.Arrays.fill(s, 2 * factor.length, s.length, 1f);
        return s;
    }

    /**
     * One output row: {@code n} windows of {@code rows x taps} cells starting {@code stride}
     * columns apart from {@code x[at]}, rows {@code r1} apart, their factors at {@code f[d ..]}
     * (spread for stride 2), into {@code out[o ..]}.
     */
    private static void row(float[] x, int at, int r1, int rows, int taps, int stride, boolean times, float[] f,
                            int d, float bias, float[] out, int o, int n) {
        int shape = rows * 4 + taps;
        if (shape == 2 * 4 + 2) {
            if (times) {
                times2x2(x, at, r1, stride, f, d, bias, out, o, n);
            } else {
                divide2x2(x, at, r1, stride, f, d, bias, out, o, n);
            }
        } else if (shape == 2 * 4 + 3) {
            if (times) {
                times2x3(x, at, r1, stride, f, d, bias, out, o, n);
            } else {
                divide2x3(x, at, r1, stride, f, d, bias, out, o, n);
            }
        } else if (shape == 3 * 4 + 2) {
            if (times) {
                times3x2(x, at, r1, stride, f, d, bias, out, o, n);
            } else {
                divide3x2(x, at, r1, stride, f, d, bias, out, o, n);
            }
        } else {
            if (times) {
                times3x3(x, at, r1, stride, f, d, bias, out, o, n);
            } else {
                divide3x3(x, at, r1, stride, f, d, bias, out, o, n);
            }
        }
    }

    private static void times2x2(float[] x, int at, int r1, int stride, float[] f, int d, float bias, float[] out,
                             int o, int n) {
        int per = stride == 1 ? LANES : LANES / 2;
        for (int k = 0; k < n; k += per) {
            int s = Math.min(k, n - per);
            store(sum2x2(x, at + stride * s, r1).mul(load(f, d + stride * s)).add(bias), stride, out, o + s);
        }
    }

    private static void divide2x2(float[] x, int at, int r1, int stride, float[] f, int d, float bias, float[] out,
                             int o, int n) {
        int per = stride == 1 ? LANES : LANES / 2;
        for (int k = 0; k < n; k += per) {
            int s = Math.min(k, n - per);
            store(sum2x2(x, at + stride * s, r1).div(load(f, d + stride * s)).add(bias), stride, out, o + s);
        }
    }

    private static void times2x3(float[] x, int at, int r1, int stride, float[] f, int d, float bias, float[] out,
                             int o, int n) {
        int per = stride == 1 ? LANES : LANES / 2;
        for (int k = 0; k < n; k += per) {
            int s = Math.min(k, n - per);
            store(sum2x3(x, at + stride * s, r1).mul(load(f, d + stride * s)).add(bias), stride, out, o + s);
        }
    }

    private static void divide2x3(float[] x, int at, int r1, int stride, float[] f, int d, float bias, float[] out,
                             int o, int n) {
        int per = stride == 1 ? LANES : LANES / 2;
        for (int k = 0; k < n; k += per) {
            int s = Math.min(k, n - per);
            store(sum2x3(x, at + stride * s, r1).div(load(f, d + stride * s)).add(bias), stride, out, o + s);
        }
    }

    private static void times3x2(float[] x, int at, int r1, int stride, float[] f, int d, float bias, float[] out,
                             int o, int n) {
        int per = stride == 1 ? LANES : LANES / 2;
        for (int k = 0; k < n; k += per) {
            int s = Math.min(k, n - per);
            store(sum3x2(x, at + stride * s, r1).mul(load(f, d + stride * s)).add(bias), stride, out, o + s);
        }
    }

    private static void divide3x2(float[] x, int at, int r1, int stride, float[] f, int d, float bias, float[] out,
                             int o, int n) {
        int per = stride == 1 ? LANES : LANES / 2;
        for (int k = 0; k < n; k += per) {
            int s = Math.min(k, n - per);
            store(sum3x2(x, at + stride * s, r1).div(load(f, d + stride * s)).add(bias), stride, out, o + s);
        }
    }

    private static void times3x3(float[] x, int at, int r1, int stride, float[] f, int d, float bias, float[] out,
                             int o, int n) {
        int per = stride == 1 ? LANES : LANES / 2;
        for (int k = 0; k < n; k += per) {
            int s = Math.min(k, n - per);
            store(sum3x3(x, at + stride * s, r1).mul(load(f, d + stride * s)).add(bias), stride, out, o + s);
        }
    }

    private static void divide3x3(float[] x, int at, int r1, int stride, float[] f, int d, float bias, float[] out,
                             int o, int n) {
        int per = stride == 1 ? LANES : LANES / 2;
        for (int k = 0; k < n; k += per) {
            int s = Math.min(k, n - per);
            store(sum3x3(x, at + stride * s, r1).div(load(f, d + stride * s)).add(bias), stride, out, o + s);
        }
    }

    /** The sums {@code 0 + x00 + x01 + ...} of the 2 x 2 windows starting at {@code x[c + lane]}, in scan order. */
    private static FloatVector sum2x2(float[] x, int c, int r1) {
        return load(x, c).add(0f).add(load(x, c + 1))
                .add(load(x, c + r1)).add(load(x, c + r1 + 1));
    }

    /** The sums {@code 0 + x00 + x01 + ...} of the 2 x 3 windows starting at {@code x[c + lane]}, in scan order. */
    private static FloatVector sum2x3(float[] x, int c, int r1) {
        return load(x, c).add(0f).add(load(x, c + 1)).add(load(x, c + 2))
                .add(load(x, c + r1)).add(load(x, c + r1 + 1)).add(load(x, c + r1 + 2));
    }

    /** The sums {@code 0 + x00 + x01 + ...} of the 3 x 2 windows starting at {@code x[c + lane]}, in scan order. */
    private static FloatVector sum3x2(float[] x, int c, int r1) {
        int r2 = 2 * r1;
        return load(x, c).add(0f).add(load(x, c + 1))
                .add(load(x, c + r1)).add(load(x, c + r1 + 1))
                .add(load(x, c + r2)).add(load(x, c + r2 + 1));
    }

    /** The sums {@code 0 + x00 + x01 + ...} of the 3 x 3 windows starting at {@code x[c + lane]}, in scan order. */
    private static FloatVector sum3x3(float[] x, int c, int r1) {
        int r2 = 2 * r1;
        return load(x, c).add(0f).add(load(x, c + 1)).add(load(x, c + 2))
                .add(load(x, c + r1)).add(load(x, c + r1 + 1)).add(load(x, c + r1 + 2))
                .add(load(x, c + r2)).add(load(x, c + r2 + 1)).add(load(x, c + r2 + 2));
    }

    private static FloatVector load(float[] a, int i) {
        return FloatVector.fromArray(FLOATS, a, i);
    }

    private static void store(FloatVector v, int stride, float[] out, int o) {
        if (stride == 1) {
            v.intoArray(out, o);
        } else {
            VectorLanes.evenLanes(v).intoArray(out, o);
        }
    }
}
