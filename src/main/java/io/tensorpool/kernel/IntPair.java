package io.tensorpool.kernel;

/**
 * A per-axis pair of sizes, {@code (h, w)}: PyTorch's {@code int or (int, int)} parameter.
 * Printed as {@code [h, w]}, the way users write it in a config.
 */
public record IntPair(int h, int w) implements java.io.Serializable {

    /** The same value on both axes, as PyTorch expands a single int. */
    public static IntPair of(int both) {
        return new IntPair(both, both);
    }

    public static IntPair of(int h, int w) {
        return new IntPair(h, w);
    }

    /** True when both entries are at least {@code min}. */
    public boolean atLeast(int min) {
        return h >= min && w >= min;
    }

    @Override
    public String toString() {
        return "[" + h + ", " + w + "]";
    }
}
