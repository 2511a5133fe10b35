package io.tensorpool.kernel;

/**
 * How a pooling window is padded: explicit cell counts or one of the automatic modes.
 *
 * <ul>
 *   <li>{@link Explicit}: PyTorch's symmetric {@code padding: p} or {@code [ph, pw]}, or the
 *       asymmetric ONNX-order form {@code [top, left, bottom, right]};</li>
 *   <li>{@link Auto#SAME} (TensorFlow SAME, ONNX SAME_UPPER), {@link Auto#SAME_LOWER} and
 *       {@link Auto#VALID}: resolved per input size. Per axis the total padding is
 *       {@code max((ceil(In / s) - 1) * s + ke - In, 0)}, split {@code floor / ceil} between
 *       before and after (SAME puts the odd cell after, SAME_LOWER before); VALID pads nothing.</li>
 * </ul>
 */
public sealed interface Padding extends java.io.Serializable permits Padding.Explicit, Padding.Auto {

    /** No padding. */
    Padding NONE = new Explicit(0, 0, 0, 0, true);

    /** PyTorch's symmetric padding, the same count on both sides of an axis. */
    static Padding symmetric(int h, int w) {
        return new Explicit(h, w, h, w, true);
    }

    /** Asymmetric padding in ONNX order {@code [top, left, bottom, right]}. */
    static Padding of(int top, int left, int bottom, int right) {
        return new Explicit(top, left, bottom, right, false);
    }

    /**
     * The concrete padding {@code [top, left, bottom, right]} for an input plane of
     * {@code inH x inW} with the given effective kernel and stride.
     */
    int[] resolve(int inH, int inW, IntPair effectiveKernel, IntPair stride);

    /**
     * Explicit padding counts. {@code symmetric} records that the user gave PyTorch's form, so
     * that PyTorch's rule (at most half the effective kernel) applies and messages echo what
     * the user wrote.
     */
    record Explicit(int top, int left, int bottom, int right, boolean symmetric) implements Padding {
        @Override
        public int[] resolve(int inH, int inW, IntPair effectiveKernel, IntPair stride) {
            return new int[] {top, left, bottom, right};
        }

        @Override
        public String toString() {
            return symmetric ? "[" + top + ", " + left + "]"
                    : "[" + top + ", " + left + ", " + bottom + ", " + right + "]";
        }
    }

    /** Padding chosen from the input size: TensorFlow and ONNX's automatic modes. */
    enum Auto implements Padding {
        SAME, SAME_LOWER, VALID;

        @Override
        public int[] resolve(int inH, int inW, IntPair effectiveKernel, IntPair stride) {
            if (this == VALID) {
                return new int[] {0, 0, 0, 0};
            }
            int totalH = total(inH, effectiveKernel.h(), stride.h());
            int totalW = total(inW, effectiveKernel.w(), stride.w());
            int smallH = totalH / 2;
            int smallW = totalW / 2;
            return this == SAME
                    ? new int[] {smallH, smallW, totalH - smallH, totalW - smallW}
                    : new int[] {totalH - smallH, totalW - smallW, smallH, smallW};
        }

        private static int total(int in, int effectiveKernel, int stride) {
            // In long: (out - 1) * stride + effectiveKernel can pass Integer.MAX_VALUE before "- in".
            long out = ((long) in + stride - 1) / stride;
            return (int) Math.max((out - 1) * stride + effectiveKernel - in, 0);
        }

        @Override
        public String toString() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }
}
