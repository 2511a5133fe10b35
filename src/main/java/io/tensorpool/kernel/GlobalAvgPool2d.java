package io.tensorpool.kernel;

/**
 * {@code global_avg_pool2d}: the mean of each whole {@code H x W} plane (ONNX
 * {@code GlobalAveragePool}); the same as {@code adaptive_avg_pool2d} to {@code [1, 1]}.
 */
public record GlobalAvgPool2d() implements PoolOp {

    @Override
    public String opName() {
        return "global_avg_pool2d";
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
