package io.tensorpool.kernel;

/**
 * {@code global_avg_pool2d}: the mean of each whole {@code H x W} plane (ONNX
 * {@code GlobalAveragePool}); the same as {@code adaptive_avg_pool2d} to {@code [1, 1]}.
 */
public record GlobalAvgPool2d() implements PoolOp {

    private static final String NAME = "global_avg_pool2d";

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
        return new PoolResult(AvgPoolKernels.planeMeans(input, outputShape, target), null);
    }
}
