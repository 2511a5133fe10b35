package io.tensorpool.kernel;

/**
 * {@code adaptive_max_pool2d}: the maximum over each of {@code output_size} bins, PyTorch's
 * {@code F.adaptive_max_pool2d}. Bin {@code i} of an axis covers
 * {@code [floor(i * In / Out), ceil((i + 1) * In / Out))}.
 *
 * @param outputHeight  bins down, at least 1; {@code null} keeps the input height
 * @param outputWidth   bins across, at least 1; {@code null} keeps the input width
 * @param returnIndices PyTorch's {@code return_indices}
 */
public record AdaptiveMaxPool2d(Integer outputHeight, Integer outputWidth, boolean returnIndices)
        implements PoolOp {

    public AdaptiveMaxPool2d {
        // TODO(kernels): validate
    }

    @Override
    public String opName() {
        return "adaptive_max_pool2d";
    }

    @Override
    public ElementType outputType(ElementType input) {
        return input;
    }

    @Override
    public int[] outputShape(int[] inputShape) {
        throw new UnsupportedOperationException("TODO(kernels)");
    }

    @Override
    public PoolResult apply(Tensor input) {
        throw new UnsupportedOperationException("TODO(kernels)");
    }
}
