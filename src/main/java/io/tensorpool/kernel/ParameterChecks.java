package io.tensorpool.kernel;

/**
 * The parameter rules every operator checks when it is constructed, with messages that name the
 * operator, the parameter, the value and the rule, e.g.
 * {@code max_pool2d: padding [2, 0] must be at most half the effective kernel size [2, 2]}.
 */
final class ParameterChecks {

    private ParameterChecks() {
    }

    /**
     * The rules of a sliding window: a kernel is given and every size is positive; explicit
     * padding is non-negative; PyTorch's symmetric padding is at most half the effective kernel
     * ({@code pad <= ke / 2}, integer division, PyTorch's {@code pooling_output_shape} check);
     * asymmetric padding is below the effective kernel of its axis, so that no window lies
     * wholly in the padding. Automatic padding ({@code same}, {@code same_lower},
     * {@code valid}) always satisfies both.
     */
    static void slidingWindow(String op, IntPair kernel, IntPair stride, IntPair dilation, Padding padding) {
        if (kernel == null) {
            throw new IllegalArgumentException(op + ": kernel_size is required");
        }
        positive(op, "kernel_size", kernel);
        positive(op, "stride", stride);
        positive(op, "dilation", dilation);
        long effectiveH = OutputSize.effectiveKernel(kernel.h(), dilation.h());
        long effectiveW = OutputSize.effectiveKernel(kernel.w(), dilation.w());
        if (effectiveH > Integer.MAX_VALUE || effectiveW > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(op + ": kernel_size " + kernel + " with dilation " + dilation
                    + " spans [" + effectiveH + ", " + effectiveW + "] cells; the effective kernel size must be at most "
                    + Integer.MAX_VALUE);
        }
        if (padding instanceof Padding.Explicit explicit) {
            explicitPadding(op, explicit, (int) effectiveH, (int) effectiveW);
        }
    }

    private static void explicitPadding(String op, Padding.Explicit pad, int effectiveH, int effectiveW) {
        IntPair effective = IntPair.of(effectiveH, effectiveW);
        if (pad.top() < 0 || pad.left() < 0 || pad.bottom() < 0 || pad.right() < 0) {
            throw new IllegalArgumentException(op + ": padding " + pad + " must be non-negative");
        }
        if (pad.symmetric()) {
            if (pad.top() != pad.bottom() || pad.left() != pad.right()) {
                throw new IllegalArgumentException(op + ": padding [" + pad.top() + ", " + pad.left() + ", "
                        + pad.bottom() + ", " + pad.right() + "] is marked symmetric but its before and after"
                        + " counts differ; give it as [top, left, bottom, right] instead");
            }
            if (pad.top() > effectiveH / 2 || pad.left() > effectiveW / 2) {
                throw new IllegalArgumentException(op + ": padding " + pad
                        + " must be at most half the effective kernel size " + effective);
            }
        } else if (pad.top() >= effectiveH || pad.bottom() >= effectiveH
                || pad.left() >= effectiveW || pad.right() >= effectiveW) {
            throw new IllegalArgumentException(op + ": padding " + pad
                    + " must be smaller than the effective kernel size " + effective
                    + " on its axis (top and bottom below " + effectiveH + ", left and right below " + effectiveW
                    + "), so that no window lies wholly in the padding");
        }
    }

    private static void positive(String op, String name, IntPair value) {
        if (!value.atLeast(1)) {
            throw new IllegalArgumentException(op + ": " + name + " " + value + " must be greater than zero");
        }
    }

    /** Adaptive {@code output_size}: each entry at least 1, or {@code null} to keep the input size. */
    static void outputSize(String op, Integer height, Integer width) {
        if ((height != null && height < 1) || (width != null && width < 1)) {
            throw new IllegalArgumentException(op + ": output_size " + formatOutputSize(height, width)
                    + " must have entries of at least 1 (null keeps the input size)");
        }
    }

    static String formatOutputSize(Integer height, Integer width) {
        return "[" + height + ", " + width + "]";
    }

    /** Lp pooling's {@code norm_type} p: finite and greater than zero. */
    static void normType(String op, double normType) {
        if (!(Double.isFinite(normType) && normType > 0)) {
            throw new IllegalArgumentException(op + ": norm_type " + normType + " must be finite and greater than zero");
        }
    }

    /** Average pooling's {@code divisor_override}: any value but 0 (PyTorch allows negatives). */
    static void divisorOverride(String op, Integer divisorOverride) {
        if (divisorOverride != null && divisorOverride == 0) {
            throw new IllegalArgumentException(op + ": divisor_override 0 must not be zero");
        }
    }
}
