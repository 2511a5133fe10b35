package io.tensorpool.kernel;

/**
 * One 2-D pooling operator with its validated parameters. Implementations are immutable values:
 * every parameter rule that does not depend on the input is checked when the operator is
 * constructed, the rest (an output smaller than one cell) when a shape is known.
 *
 * <p>Operators pool the last two axes of a rank 2, 3 or 4 tensor and keep the leading axes.
 * Messages of rejected parameters name the operator, the parameter, the value and the rule, for
 * example {@code max_pool2d: padding [2, 0] must be at most half the effective kernel size [2, 2]}.
 *
 * <p>The operators are the records {@link MaxPool2d}, {@link AvgPool2d}, {@link LpPool2d},
 * {@link AdaptiveMaxPool2d}, {@link AdaptiveAvgPool2d}, {@link GlobalMaxPool2d},
 * {@link GlobalAvgPool2d} and {@link GlobalLpPool2d}; the plumbing they share lives in the
 * package's {@code WindowedOp}. {@link SpatialPyramidPool2d} concatenates adaptive max pools into
 * a rank-2 output, so it ends a pipeline.
 */
public sealed interface PoolOp extends java.io.Serializable permits WindowedOp, SpatialPyramidPool2d {

    /** The operator's name as users write it, e.g. {@code max_pool2d}. */
    String opName();

    /** True when this operator also returns PyTorch's indices (max-like operators only). */
    default boolean returnIndices() {
        return false;
    }

    /**
     * The element type of the output for an input of type {@code input}: the same type for
     * max-like operators, float32 for average-like operators on integers, the input type for
     * float32 and float64.
     *
     * @throws IllegalArgumentException if the operator does not take that type
     */
    ElementType outputType(ElementType input);

    /**
     * The output shape for an input of shape {@code inputShape} (rank 2 to 4): the leading axes
     * unchanged, the last two from {@link OutputSize}.
     *
     * @throws IllegalArgumentException if the shape is invalid or the output would have fewer
     *     than one cell on an axis; the message names the operator and the input shape
     */
    int[] outputShape(int[] inputShape);

    /**
     * Pools {@code input} into a new tensor; never writes to the input's array.
     *
     * @throws IllegalArgumentException as {@link #outputShape} and {@link #outputType}
     */
    PoolResult apply(Tensor input);

    /**
     * Pools {@code input} into {@code output}, a tensor the caller owns and may reuse from one
     * call to the next, instead of allocating the output: its element type must be
     * {@link #outputType} of the input's and its shape {@link #outputShape} of the input's, and
     * every element is overwritten with exactly the values {@link #apply} computes. Indices, when
     * asked for, are a new array. Never writes to the input's array.
     *
     * @return the result; its values tensor holds {@code output}'s array
     * @throws IllegalArgumentException as {@link #apply}, or when {@code output} has another type
     *     or shape, or is backed by the input's own array
     */
    PoolResult applyInto(Tensor input, Tensor output);
}
