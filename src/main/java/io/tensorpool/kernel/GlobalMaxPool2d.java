package io.tensorpool.kernel;

/**
 * {@code global_max_pool2d}: the maximum of each whole {@code H x W} plane (ONNX
 * {@code GlobalMaxPool}); the same as {@code adaptive_max_pool2d} to {@code [1, 1]}.
 *
 * @param returnIndices PyTorch-style plane-flat indices of each maximum
 */
public record GlobalMaxPool2d(boolean returnIndices) implements PoolOp {

    private static final String NAME = "global_max_pool2d";

    @Override
    public String opName() {
        return NAME;
    }

    @Override
    public ElementType outputType(ElementType input) {
        return input;
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
        WindowGeometry plane = WindowGeometry.adaptive(input.height(), input.width(), 1, 1);
        return MaxPoolKernels.pool(input, plane, outputShape, returnIndices, target);
    }
}
