package io.tensorpool.kernel;

/**
 * A pooling operator described by plain values, for the property tests: the naive reference
 * reads these fields directly, and {@link #toOp()} builds the production record from them. Sizes
 * are {@code [h, w]}; {@code pads} is {@code [top, left, bottom, right]} for explicit padding.
 *
 * @param kind            which operator
 * @param kernel          kernel size (sliding ops)
 * @param stride          stride, or {@code null} for the default
 * @param dilation        dilation, or {@code null} for the default
 * @param paddingMode     how padding is given
 * @param pads            explicit padding counts, {@code [top, left, bottom, right]}
 * @param ceilMode        ceil mode (sliding ops)
 * @param countIncludePad avg only
 * @param divisorOverride avg only, or {@code null}
 * @param normType        lp and global lp only
 * @param outputSize      adaptive only: entries may be {@code null}
 * @param returnIndices   max-like only
 */
record PoolSpec(Kind kind, int[] kernel, int[] stride, int[] dilation, PaddingMode paddingMode, int[] pads,
                boolean ceilMode, boolean countIncludePad, Integer divisorOverride, double normType,
                Integer[] outputSize, boolean returnIndices) {

    enum Kind { MAX, AVG, LP, ADAPTIVE_MAX, ADAPTIVE_AVG, GLOBAL_MAX, GLOBAL_AVG, GLOBAL_LP }

    enum PaddingMode { DEFAULT, SYMMETRIC, ASYMMETRIC, SAME, SAME_LOWER, VALID }

    boolean isSliding() {
        return kind == Kind.MAX || kind == Kind.AVG || kind == Kind.LP;
    }

    boolean isMaxLike() {
        return kind == Kind.MAX || kind == Kind.ADAPTIVE_MAX || kind == Kind.GLOBAL_MAX;
    }

    /** The production record for this description. */
    PoolOp toOp() {
        switch (kind) {
            case MAX:
                return new MaxPool2d(pair(kernel), pair(stride), padding(), pair(dilation), ceilMode, returnIndices);
            case AVG:
                return new AvgPool2d(pair(kernel), pair(stride), padding(), pair(dilation), ceilMode, countIncludePad,
                        divisorOverride);
            case LP:
                return new LpPool2d(normType, pair(kernel), pair(stride), padding(), pair(dilation), ceilMode);
            case ADAPTIVE_MAX:
                return new AdaptiveMaxPool2d(outputSize[0], outputSize[1], returnIndices);
            case ADAPTIVE_AVG:
                return new AdaptiveAvgPool2d(outputSize[0], outputSize[1]);
            case GLOBAL_MAX:
                return new GlobalMaxPool2d(returnIndices);
            case GLOBAL_AVG:
                return new GlobalAvgPool2d();
            case GLOBAL_LP:
                return new GlobalLpPool2d(normType);
            default:
                throw new IllegalStateException(kind.toString());
        }
    }

    private Padding padding() {
        switch (paddingMode) {
            case DEFAULT:
                return null;
            case SYMMETRIC:
                return Padding.symmetric(pads[0], pads[1]);
            case ASYMMETRIC:
                return Padding.of(pads[0], pads[1], pads[2], pads[3]);
            case SAME:
                return Padding.Auto.SAME;
            case SAME_LOWER:
                return Padding.Auto.SAME_LOWER;
            case VALID:
                return Padding.Auto.VALID;
            default:
                throw new IllegalStateException(paddingMode.toString());
        }
    }

    private static IntPair pair(int[] hw) {
        return hw == null ? null : IntPair.of(hw[0], hw[1]);
    }

    @Override
    public String toString() {
        return kind + "{kernel=" + java.util.Arrays.toString(kernel) + ", stride=" + java.util.Arrays.toString(stride)
                + ", dilation=" + java.util.Arrays.toString(dilation) + ", padding=" + paddingMode
                + java.util.Arrays.toString(pads) + ", ceil=" + ceilMode + ", countIncludePad=" + countIncludePad
                + ", divisorOverride=" + divisorOverride + ", p=" + normType + ", outputSize="
                + java.util.Arrays.toString(outputSize) + ", indices=" + returnIndices + "}";
    }
}
