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
        ParameterChecks.outputSize(NAME, outputHeight, outputWidth);
    }

    private static final String NAME = "adaptive_max_pool2d";

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
        return PlaneShapes.output(NAME, inputShape, binsDown(inputShape), binsAcross(inputShape));
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
        WindowGeometry bins = WindowGeometry.adaptive(input.height(), input.width(),
                PlaneShapes.height(outputShape), PlaneShapes.width(outputShape));
        return MaxPoolKernels.pool(input, bins, outputShape, returnIndices, target);
    }

    private int binsDown(int[] inputShape) {
        return outputHeight == null ? PlaneShapes.height(inputShape) : outputHeight;
    }

    private int binsAcross(int[] inputShape) {
        return outputWidth == null ? PlaneShapes.width(inputShape) : outputWidth;
    }
}
