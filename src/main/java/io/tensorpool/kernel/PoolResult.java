package io.tensorpool.kernel;

/**
 * What a pooling operator returns: the pooled values and, for max-like operators asked to
 * {@code return_indices}, PyTorch's indices: int64 with the output's shape, each the flat
 * position {@code h * W + w} of the chosen cell inside its own {@code (H, W)} input plane.
 *
 * @param values  the pooled tensor
 * @param indices the indices in the output's C order, or {@code null} when not asked for
 */
public record PoolResult(Tensor values, long[] indices) {
}
