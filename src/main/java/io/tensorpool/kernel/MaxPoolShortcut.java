package io.tensorpool.kernel;

import java.io.Serializable;
import java.util.Objects;
import java.util.Optional;

/**
 * Computes a coarse scale of non-overlapping max pooling from a finer scale's result instead of
 * from the input, bit for bit as the direct computation: a {@code 4x4/s4} max pool is a
 * {@code 2x2/s2} max pool of a {@code 2x2/s2} max pool.
 *
 * <p>When it applies ({@link #between}): both pipelines are one {@code max_pool2d} with windows
 * that tile the plane (kernel size equal to the stride, no padding, no dilation, floor mode), the
 * coarse kernel a multiple {@code (m, n)} of the fine one on each axis, and the coarse one
 * returning no indices. Then the {@code step}, {@code max_pool2d} with kernel {@code (m, n)},
 * applied to the fine result gives the coarse one:
 * <ul>
 *   <li>Shapes: {@code floor(floor(H / a) / m) = floor(H / (a * m))} for positive ints, so the
 *   composed output has the direct one's shape; the rows and columns floor mode drops at either
 *   level are exactly those the direct window grid drops.</li>
 *   <li>Windows: coarse window {@code (i, j)} covers rows {@code [i*K, (i+1)*K)}, the union of the
 *   fine windows {@code i*m .. i*m+m-1}, all of which lie inside the fine output.</li>
 *   <li>Values: the maximum of a union is the maximum of the maxima, and every value is the same
 *   whatever the scan order, except two cases. The project's rule ({@code v > max || isNaN(v)},
 *   PyTorch's) keeps the <em>last</em> NaN in row-major window order and the <em>first</em> of
 *   equal maxima, so which NaN payload and which signed zero wins depends on the order, and the
 *   composed scan (fine window by fine window) is not row-major when both axes are composed:
 *   a NaN at row 0, column 3 of a 4x4 window comes before one at row 1, column 0 directly, but
 *   after it when composed from 2x2 windows. So every output cell whose composed value is a NaN
 *   or a zero of a floating type is recomputed directly from the input, in row-major order; a
 *   composed value that is neither has the same bits as the direct one (no NaN in the window,
 *   and equal values other than zeros have equal bits). Integer types need no repair.</li>
 * </ul>
 * Not shared, because the result would differ: average and Lp pooling (float rounding depends on
 * the order of the sums), overlapping, padded, dilated or ceil-mode windows, and a coarse scale
 * that returns indices (kept direct rather than translated).
 *
 * @param direct the coarse scale's operator, as configured
 * @param step   the operator that takes the fine result to the coarse one
 */
public record MaxPoolShortcut(MaxPool2d direct, MaxPool2d step) implements Serializable {

    public MaxPoolShortcut {
        Objects.requireNonNull(direct, "direct");
        Objects.requireNonNull(step, "step");
    }

    /**
     * The shortcut from {@code fine} to {@code coarse}, when both are a single tiling max pool and
     * the coarse result is exactly computable from the fine one (see the class comment).
     */
    public static Optional<MaxPoolShortcut> between(PoolPipeline fine, PoolPipeline coarse) {
        if (fine.ops().size() != 1 || coarse.ops().size() != 1
                || !(fine.ops().get(0) instanceof MaxPool2d from) || !(coarse.ops().get(0) instanceof MaxPool2d to)
                || !tiles(from) || !tiles(to) || to.returnIndices()) {
            return Optional.empty();
        }
        IntPair a = from.kernelSize();
        IntPair k = to.kernelSize();
        if (k.h() % a.h() != 0 || k.w() % a.w() != 0 || k.equals(a)) {
            return Optional.empty();
        }
        IntPair factor = IntPair.of(k.h() / a.h(), k.w() / a.w());
        return Optional.of(new MaxPoolShortcut(to, new MaxPool2d(factor, factor, Padding.NONE, IntPair.of(1),
                false, false)));
    }

    /** Windows that tile the plane: kernel equal to stride, no padding, no dilation, floor mode. */
    static boolean tiles(MaxPool2d op) {
        return op.kernelSize().equals(op.stride()) && op.dilation().equals(IntPair.of(1)) && !op.ceilMode()
                && op.padding() instanceof Padding.Explicit pad
                && pad.top() == 0 && pad.left() == 0 && pad.bottom() == 0 && pad.right() == 0;
    }

    /**
     * The coarse scale of {@code input} from {@code fine}, the fine scale's values of the same
     * input, into {@code output} (a tensor of the direct result's type and shape, as for
     * {@link PoolOp#applyInto}) or, when it is null, a new tensor. Bit for bit
     * {@code direct().apply(input)}.
     */
    public Tensor apply(Tensor input, Tensor fine, Tensor output) {
        Tensor coarse = output == null ? step.apply(fine).values() : step.applyInto(fine, output).values();
        if (!java.util.Arrays.equals(coarse.shape(), direct.outputShape(input.shape()))) {
            throw new IllegalStateException("the composed shape " + java.util.Arrays.toString(coarse.shape())
                    + " is not the direct one for " + java.util.Arrays.toString(input.shape()));
        }
        if (input.type() == ElementType.FLOAT32) {
            repairFloats(input.floats(), coarse.floats(), input.planes(), input.height(), input.width(),
                    coarse.height(), coarse.width());
        } else if (input.type() == ElementType.FLOAT64) {
            repairDoubles(input.doubles(), coarse.doubles(), input.planes(), input.height(), input.width(),
                    coarse.height(), coarse.width());
        }
        return coarse;
    }

    /** Recomputes, in row-major window order, every cell whose composed value is NaN or a zero. */
    private void repairFloats(float[] in, float[] out, int planes, int height, int width, int outH, int outW) {
        eachCell(planes, height, width, outH, outW, (planeStart, at, row, column) -> {
            float v = out[at];
            if (v == 0 || v != v) {
                float max = Float.NEGATIVE_INFINITY;
                for (int r = row; r < row + direct.kernelSize().h(); r++) {
                    for (int c = column; c < column + direct.kernelSize().w(); c++) {
                        float x = in[planeStart + r * width + c];
                        if (x > max || x != x) {
                            max = x;
                        }
                    }
                }
                out[at] = max;
            }
        });
    }

    /** {@link #repairFloats} for float64. */
    private void repairDoubles(double[] in, double[] out, int planes, int height, int width, int outH, int outW) {
        eachCell(planes, height, width, outH, outW, (planeStart, at, row, column) -> {
            double v = out[at];
            if (v == 0 || v != v) {
                double max = Double.NEGATIVE_INFINITY;
                for (int r = row; r < row + direct.kernelSize().h(); r++) {
                    for (int c = column; c < column + direct.kernelSize().w(); c++) {
                        double x = in[planeStart + r * width + c];
                        if (x > max || x != x) {
                            max = x;
                        }
                    }
                }
                out[at] = max;
            }
        });
    }

    /** One output cell: its input plane's start, its own index, its window's first row and column. */
    private interface Cell {
        void visit(int planeStart, int at, int row, int column);
    }

    /** Visits every output cell, plane by plane, in C order. */
    private void eachCell(int planes, int height, int width, int outH, int outW, Cell cell) {
        int kh = direct.kernelSize().h();
        int kw = direct.kernelSize().w();
        for (int p = 0; p < planes; p++) {
            for (int i = 0; i < outH; i++) {
                for (int j = 0; j < outW; j++) {
                    cell.visit(p * height * width, (p * outH + i) * outW + j, i * kh, j * kw);
                }
            }
        }
    }
}
