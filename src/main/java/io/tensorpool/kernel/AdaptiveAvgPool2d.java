package io.tensorpool.kernel;

/**
 * {@code adaptive_avg_pool2d}: the mean over each of {@code output_size} bins, PyTorch's
 * {@code F.adaptive_avg_pool2d}, bins as in {@link AdaptiveMaxPool2d}.
 *
 * @param outputHeight bins down, at least 1; {@code null} keeps the input height
 * @param outputWidth  bins across, at least 1; {@code null} keeps the input width
 */
public record AdaptiveAvgPool2d(Integer outputHeight, Integer outputWidth) implements PoolOp {

    public AdaptiveAvgPool2d {
        // TODO(kernels): validate
    }

    @Override
    public String opName() {
        return "adaptive_avg_pool2d";
    }

    @Override
    public ElementType outputType(ElementType input) {
        return input == ElementType.FLOAT64 ? ElementType.FLOAT64 : ElementType.FLOAT32;
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
