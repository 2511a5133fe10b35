package io.tensorpool.kernel;

/**
 * {@code global_lp_pool2d}: {@code (sum x^p)^(1/p)} over each whole {@code H x W} plane (ONNX
 * {@code GlobalLpPool}), computed as {@code lp_pool2d} with the plane as its window.
 *
 * @param normType p, finite and greater than 0
 */
public record GlobalLpPool2d(double normType) implements PoolOp {

    public GlobalLpPool2d {
        // TODO(kernels): validate
    }

    @Override
    public String opName() {
        return "global_lp_pool2d";
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
