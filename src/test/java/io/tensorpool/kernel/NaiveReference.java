package io.tensorpool.kernel;

import java.util.ArrayList;
import java.util.List;

/**
 * A deliberately naive pooling implementation, written straight from the contract
 * ({@code docs/pooling-semantics.md}) for the property tests. For every output cell it lists the
 * window's taps, keeps those inside the input, and applies the contract's rule. It shares no code
 * with the kernels: it reads a {@link PoolSpec}, never the production records, and does its own
 * padding, output-size and bin arithmetic. Speed is no concern here.
 */
final class NaiveReference {

    /** What the reference says: a rejection reason, or the output. */
    record Outcome(String rejection, int[] shape, Object values, long[] indices) {
        static Outcome rejected(String why) {
            return new Outcome(why, null, null, null);
        }
    }

    private NaiveReference() {
    }

    /** Whether the parameters alone break a rule of the contract; {@code null} when they are fine. */
    static String parameterProblem(PoolSpec s) {
        if (s.kind() == PoolSpec.Kind.LP || s.kind() == PoolSpec.Kind.GLOBAL_LP) {
            if (!(s.normType() > 0) || Double.isInfinite(s.normType())) {
                return "norm_type";
            }
        }
        if (s.kind() == PoolSpec.Kind.ADAPTIVE_MAX || s.kind() == PoolSpec.Kind.ADAPTIVE_AVG) {
            for (Integer size : s.outputSize()) {
                if (size != null && size < 1) {
                    return "output_size";
                }
            }
        }
        if (!s.isSliding()) {
            return null;
        }
        int[] stride = s.stride() == null ? s.kernel() : s.stride();
        int[] dilation = s.dilation() == null ? new int[] {1, 1} : s.dilation();
        for (int axis = 0; axis < 2; axis++) {
            if (s.kernel()[axis] <= 0) {
                return "kernel_size";
            }
        }
        for (int axis = 0; axis < 2; axis++) {
            if (stride[axis] <= 0) {
                return "stride";
            }
        }
        for (int axis = 0; axis < 2; axis++) {
            if (dilation[axis] <= 0) {
                return "dilation";
            }
        }
        if (s.paddingMode() == PoolSpec.PaddingMode.SYMMETRIC || s.paddingMode() == PoolSpec.PaddingMode.ASYMMETRIC) {
            for (int pad : s.pads()) {
                if (pad < 0) {
                    return "padding";
                }
            }
            int[] pads = s.pads();
            for (int side = 0; side < 4; side++) {
                int axis = side % 2;
                int effective = dilation[axis] * (s.kernel()[axis] - 1) + 1;
                boolean symmetric = s.paddingMode() == PoolSpec.PaddingMode.SYMMETRIC;
                if (symmetric ? pads[side] * 2 > effective - effective % 2 : pads[side] >= effective) {
                    return "padding";
                }
            }
        }
        if (s.kind() == PoolSpec.Kind.AVG && s.divisorOverride() != null && s.divisorOverride() == 0) {
            return "divisor_override";
        }
        return null;
    }

    /** Pools {@code data} of {@code shape} and {@code type} as the contract says. */
    static Outcome run(PoolSpec s, ElementType type, Object data, int[] shape) {
        String problem = parameterProblem(s);
        if (problem != null) {
            return Outcome.rejected(problem);
        }
        int rank = shape.length;
        int h = shape[rank - 2];
        int w = shape[rank - 1];
        int planes = 1;
        for (int i = 0; i < rank - 2; i++) {
            planes *= shape[i];
        }
        Window[][] rowsAndCols = windows(s, h, w);
        if (rowsAndCols == null) {
            return Outcome.rejected("too small");
        }
        Window[] rows = rowsAndCols[0];
        Window[] cols = rowsAndCols[1];
        int[] outShape = shape.clone();
        outShape[rank - 2] = rows.length;
        outShape[rank - 1] = cols.length;
        int cells = planes * rows.length * cols.length;
        boolean indices = s.isMaxLike() && s.returnIndices();
        long[] idx = indices ? new long[cells] : null;
        Object out;
        if (s.isMaxLike()) {
            out = java.lang.reflect.Array.newInstance(data.getClass().getComponentType(), cells);
        } else {
            out = type == ElementType.FLOAT64 ? new double[cells] : new float[cells];
        }
        int o = 0;
        for (int p = 0; p < planes; p++) {
            for (Window row : rows) {
                for (Window col : cols) {
                    int base = p * h * w;
                    if (s.isMaxLike()) {
                        max(type, data, base, w, row, col, out, o, idx);
                    } else if (type == ElementType.FLOAT64) {
                        ((double[]) out)[o] = averageDouble(s, (double[]) data, base, w, h, row, col, rows.length, cols.length);
                    } else {
                        ((float[]) out)[o] = averageFloat(s, type, data, base, w, h, row, col, rows.length, cols.length);
                    }
                    o++;
                }
            }
        }
        return new Outcome(null, outShape, out, idx);
    }

    /** The taps of one window along one axis. */
    record Window(List<Integer> taps, int firstNonNegative, int inputLength, int padEnd) {
        List<Integer> inside() {
            List<Integer> inside = new ArrayList<>();
            for (int t : taps) {
                if (t >= 0 && t < inputLength) {
                    inside.add(t);
                }
            }
            return inside;
        }

        /** Taps before {@code In + pe}: the window size counting padding but not overhang. */
        int padded() {
            int n = 0;
            for (int t : taps) {
                if (t < inputLength + padEnd) {
                    n++;
                }
            }
            return n;
        }
    }

    private static Window[][] windows(PoolSpec s, int h, int w) {
        switch (s.kind()) {
            case ADAPTIVE_MAX:
            case ADAPTIVE_AVG: {
                int outH = s.outputSize()[0] == null ? h : s.outputSize()[0];
                int outW = s.outputSize()[1] == null ? w : s.outputSize()[1];
                return new Window[][] {bins(h, outH), bins(w, outW)};
            }
            case GLOBAL_MAX:
            case GLOBAL_AVG:
            case GLOBAL_LP:
                return new Window[][] {bins(h, 1), bins(w, 1)};
            default:
                return sliding(s, h, w);
        }
    }

    /** Bin i covers [floor(i * In / Out), ceil((i + 1) * In / Out)). */
    private static Window[] bins(int in, int out) {
        Window[] bins = new Window[out];
        for (int i = 0; i < out; i++) {
            int start = (int) Math.floorDiv((long) i * in, out);
            int end = (int) -Math.floorDiv(-(long) (i + 1) * in, out);
            List<Integer> taps = new ArrayList<>();
            for (int t = start; t < end; t++) {
                taps.add(t);
            }
            bins[i] = new Window(taps, start, in, 0);
        }
        return bins;
    }

    private static Window[][] sliding(PoolSpec s, int h, int w) {
        int[] kernel = s.kernel();
        int[] stride = s.stride() == null ? kernel : s.stride();
        int[] dilation = s.dilation() == null ? new int[] {1, 1} : s.dilation();
        int[] in = {h, w};
        int[] before = new int[2];
        int[] after = new int[2];
        for (int axis = 0; axis < 2; axis++) {
            int effective = dilation[axis] * (kernel[axis] - 1) + 1;
            switch (s.paddingMode()) {
                case DEFAULT:
                case VALID:
                    break;
                case SYMMETRIC:
                case ASYMMETRIC:
                    before[axis] = s.pads()[axis];
                    after[axis] = s.pads()[axis + 2];
                    break;
                case SAME:
                case SAME_LOWER: {
                    // TensorFlow: the output is ceil(In / s); pad what that needs, odd cell after (SAME) or before.
                    int out = (in[axis] + stride[axis] - 1) / stride[axis];
                    int total = Math.max((out - 1) * stride[axis] + effective - in[axis], 0);
                    int half = total / 2;
                    before[axis] = s.paddingMode() == PoolSpec.PaddingMode.SAME ? half : total - half;
                    after[axis] = total - before[axis];
                    break;
                }
                default:
                    throw new IllegalStateException();
            }
        }
        Window[][] result = new Window[2][];
        for (int axis = 0; axis < 2; axis++) {
            int effective = dilation[axis] * (kernel[axis] - 1) + 1;
            int span = in[axis] + before[axis] + after[axis] - effective;
            int out;
            if (s.ceilMode()) {
                out = -Math.floorDiv(-span, stride[axis]) + 1;
                if ((out - 1) * stride[axis] >= in[axis] + before[axis]) {
                    out--;
                }
            } else {
                out = Math.floorDiv(span, stride[axis]) + 1;
            }
            if (out < 1) {
                return null;
            }
            result[axis] = new Window[out];
            for (int o = 0; o < out; o++) {
                int start = o * stride[axis] - before[axis];
                List<Integer> taps = new ArrayList<>();
                int firstNonNegative = Integer.MIN_VALUE;
                for (int j = 0; j < kernel[axis]; j++) {
                    int tap = start + j * dilation[axis];
                    taps.add(tap);
                    if (tap >= 0 && firstNonNegative == Integer.MIN_VALUE) {
                        firstNonNegative = tap;
                    }
                }
                result[axis][o] = new Window(taps, firstNonNegative, in[axis], after[axis]);
            }
        }
        return result;
    }

    // ---- max: scan row by row, left to right; replace when v > max or v is NaN ----

    private static void max(ElementType type, Object data, int base, int w, Window row, Window col, Object out,
                            int o, long[] idx) {
        int best = -1; // -1: nothing beat the starting value (-inf, or the type's minimum)
        for (int r : row.inside()) {
            for (int c : col.inside()) {
                int at = base + r * w + c;
                if (beats(type, data, at, best)) {
                    best = at;
                }
            }
        }
        if (best >= 0) {
            System.arraycopy(data, best, out, o, 1);
        } else {
            setMinimum(type, out, o);
        }
        if (idx != null) {
            idx[o] = best >= 0 ? best - base : (long) row.firstNonNegative() * w + col.firstNonNegative();
        }
    }

    private static boolean beats(ElementType type, Object data, int at, int best) {
        switch (type) {
            case FLOAT32: {
                float v = ((float[]) data)[at];
                float current = best < 0 ? Float.NEGATIVE_INFINITY : ((float[]) data)[best];
                return v > current || Float.isNaN(v);
            }
            case FLOAT64: {
                double v = ((double[]) data)[at];
                double current = best < 0 ? Double.NEGATIVE_INFINITY : ((double[]) data)[best];
                return v > current || Double.isNaN(v);
            }
            default:
                return integer(type, data, at) > (best < 0 ? minimum(type) : integer(type, data, best));
        }
    }

    private static long integer(ElementType type, Object data, int at) {
        switch (type) {
            case UINT8:
                return Byte.toUnsignedInt(((byte[]) data)[at]);
            case INT8:
                return ((byte[]) data)[at];
            case INT16:
                return ((short[]) data)[at];
            case INT32:
                return ((int[]) data)[at];
            case INT64:
                return ((long[]) data)[at];
            default:
                throw new IllegalStateException(type.toString());
        }
    }

    private static long minimum(ElementType type) {
        switch (type) {
            case UINT8:
                return 0;
            case INT8:
                return Byte.MIN_VALUE;
            case INT16:
                return Short.MIN_VALUE;
            case INT32:
                return Integer.MIN_VALUE;
            case INT64:
                return Long.MIN_VALUE;
            default:
                throw new IllegalStateException(type.toString());
        }
    }

    private static void setMinimum(ElementType type, Object out, int o) {
        switch (type) {
            case FLOAT32 -> ((float[]) out)[o] = Float.NEGATIVE_INFINITY;
            case FLOAT64 -> ((double[]) out)[o] = Double.NEGATIVE_INFINITY;
            case UINT8 -> ((byte[]) out)[o] = 0;
            case INT8 -> ((byte[]) out)[o] = Byte.MIN_VALUE;
            case INT16 -> ((short[]) out)[o] = Short.MIN_VALUE;
            case INT32 -> ((int[]) out)[o] = Integer.MIN_VALUE;
            case INT64 -> ((long[]) out)[o] = Long.MIN_VALUE;
            default -> throw new IllegalStateException(type.toString());
        }
    }

    // ---- averages, in float32 (every type but float64) ----

    private static float asFloat(ElementType type, Object data, int at) {
        return type == ElementType.FLOAT32 ? ((float[]) data)[at] : (float) integer(type, data, at);
    }

    private static float averageFloat(PoolSpec s, ElementType type, Object data, int base, int w, int h,
                                      Window row, Window col, int outH, int outW) {
        boolean lp = s.kind() == PoolSpec.Kind.LP || s.kind() == PoolSpec.Kind.GLOBAL_LP;
        if (s.kind() == PoolSpec.Kind.GLOBAL_AVG || (s.kind() == PoolSpec.Kind.ADAPTIVE_AVG && outH == 1 && outW == 1)) {
            // PyTorch's mean(): the plane sum (here exact enough in double), one division by H * W.
            double sum = 0;
            for (int i = 0; i < h * w; i++) {
                sum += asFloat(type, data, base + i);
            }
            return (float) sum / (float) (h * w);
        }
        List<Integer> rowsInside = row.inside();
        List<Integer> colsInside = col.inside();
        if (rowsInside.isEmpty() || colsInside.isEmpty()) {
            return lp ? lpFinishFloat(s, 0f, row, col) : 0f;
        }
        float sum = 0f;
        for (int r : rowsInside) {
            for (int c : colsInside) {
                float x = asFloat(type, data, base + r * w + c);
                sum += lp ? torchPow(x, s.normType()) : x;
            }
        }
        if (s.kind() == PoolSpec.Kind.ADAPTIVE_AVG) {
            return sum / rowsInside.size() / colsInside.size();
        }
        float mean = 0f + sum / (float) divisor(s, row, col, lp);
        return lp ? lpFinishFloat(s, mean, row, col) : mean;
    }

    private static double averageDouble(PoolSpec s, double[] data, int base, int w, int h, Window row, Window col,
                                        int outH, int outW) {
        boolean lp = s.kind() == PoolSpec.Kind.LP || s.kind() == PoolSpec.Kind.GLOBAL_LP;
        if (s.kind() == PoolSpec.Kind.GLOBAL_AVG || (s.kind() == PoolSpec.Kind.ADAPTIVE_AVG && outH == 1 && outW == 1)) {
            double sum = 0;
            for (int i = 0; i < h * w; i++) {
                sum += data[base + i];
            }
            return sum / (h * w);
        }
        List<Integer> rowsInside = row.inside();
        List<Integer> colsInside = col.inside();
        if (rowsInside.isEmpty() || colsInside.isEmpty()) {
            return lp ? lpFinishDouble(s, 0.0, row, col) : 0.0;
        }
        double sum = 0.0;
        for (int r : rowsInside) {
            for (int c : colsInside) {
                double x = data[base + r * w + c];
                sum += lp ? torchPow(x, s.normType()) : x;
            }
        }
        if (s.kind() == PoolSpec.Kind.ADAPTIVE_AVG) {
            return sum / rowsInside.size() / colsInside.size();
        }
        double mean = 0.0 + sum / (double) divisor(s, row, col, lp);
        return lp ? lpFinishDouble(s, mean, row, col) : mean;
    }

    /** divisor_override, else the window size with padding (count_include_pad) or without. */
    private static long divisor(PoolSpec s, Window row, Window col, boolean lp) {
        if (!lp && s.divisorOverride() != null) {
            return s.divisorOverride();
        }
        if (lp || s.countIncludePad()) {
            return (long) row.padded() * col.padded();
        }
        return (long) row.inside().size() * col.inside().size();
    }

    /** F.lp_pool2d after the average: sign(v) * relu(abs(v)), times kh * kw, to the power 1 / p. */
    private static float lpFinishFloat(PoolSpec s, float mean, Window row, Window col) {
        float sign = (0f < mean ? 1f : 0f) - (mean < 0f ? 1f : 0f);
        float abs = Math.abs(mean);
        float relu = Float.isNaN(abs) ? abs : Math.max(abs, 0f);
        float area = (float) ((long) row.taps().size() * col.taps().size());
        return torchPow(sign * relu * area, 1.0 / s.normType());
    }

    private static double lpFinishDouble(PoolSpec s, double mean, Window row, Window col) {
        double sign = (0.0 < mean ? 1.0 : 0.0) - (mean < 0.0 ? 1.0 : 0.0);
        double abs = Math.abs(mean);
        double relu = Double.isNaN(abs) ? abs : Math.max(abs, 0.0);
        double area = (double) ((long) row.taps().size() * col.taps().size());
        return torchPow(sign * relu * area, 1.0 / s.normType());
    }

    /** PyTorch's tensor.pow(scalar) for positive exponents: copy, sqrt, x*x, x*x*x, else pow. */
    static float torchPow(float x, double e) {
        if (e == 1.0) {
            return x;
        } else if (e == 0.5) {
            return (float) Math.sqrt(x);
        } else if (e == 2.0) {
            return x * x;
        } else if (e == 3.0) {
            return x * x * x;
        }
        return (float) cPow(x, e);
    }

    static double torchPow(double x, double e) {
        if (e == 1.0) {
            return x;
        } else if (e == 0.5) {
            return Math.sqrt(x);
        } else if (e == 2.0) {
            return x * x;
        } else if (e == 3.0) {
            return x * x * x;
        }
        return cPow(x, e);
    }

    /** C's pow, which answers 1 for pow(+-1, +-inf) where Java's Math.pow answers NaN. */
    private static double cPow(double x, double e) {
        return Math.abs(x) == 1.0 && Double.isInfinite(e) ? 1.0 : Math.pow(x, e);
    }
}
