package io.tensorpool.kernel;

/**
 * {@code global_lp_pool2d}: {@code (sum x^p)^(1/p)} over each whole {@code H x W} plane (ONNX
 * {@code GlobalLpPool}), computed as {@code lp_pool2d} with the plane as its window.
 *
 * @param normType p, finite and greater than 0
 */
public record GlobalLpPool2d(double normType) implements PoolOp {

    private static final String NAME = "global_lp_pool2d";

    public GlobalLpPool2d {
        ParameterChecks.normType(NAME, normType);
    }

    @Override
    public String opName() {
        return NAME;
    }

    @Override
    public ElementType outputType(ElementType input) {
        return input == ElementType.FLOAT64 ? ElementType.FLOAT64 : ElementType.FLOAT32;
    }

    @Override
    public int[] outputShape(int[] inputShape) {
        PlaneShapes.checkInput(NAME, inputShape);
        return PlaneShapes.withPlane(inputShape, 1, 1);
    }

    /** {@code lp_pool2d} with kernel and stride {@code (H, W)}: one window, {@code kh * kw = H * W}. */
    @Override
    public PoolResult apply(Tensor input) {
        return run(input, null);
    }

    @Override
    public PoolResult applyInto(Tensor input, Tensor output) {
        return run(input, OutputTarget.of(this, input, output));
    }

    private PoolResult run(Tensor input, Object target) {
        int[] outputShape = outputShape(PlaneShapes.requireInput(NAME, input).shape());
        WindowGeometry plane = WindowGeometry.adaptive(input.height(), input.width(), 1, 1);
        long planeArea = (long) input.height() * input.width();
        return new PoolResult(LpPoolKernels.pool(input, plane, normType, planeArea, outputShape, target), null);
    }
}
