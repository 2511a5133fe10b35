package io.tensorpool.kernel;

/**
 * {@code global_lp_pool2d}: {@code (sum x^p)^(1/p)} over each whole {@code H x W} plane (ONNX
 * {@code GlobalLpPool}), computed as {@code lp_pool2d} with the plane as its window.
 *
 * @param normType p, finite and greater than 0
 * @param absolute ONNX's {@code GlobalLpPool} rule, {@code |x|^p} instead of {@code x^p}; false by default
 */
public record GlobalLpPool2d(double normType, boolean absolute) implements WindowedOp.Averaging, WindowedOp.Global {

    /** PyTorch's rule, {@code x^p}. */
    public GlobalLpPool2d(double normType) {
        this(normType, false);
    }

    /** The operator's name as users write it in a config. */
    public static final String NAME = "global_lp_pool2d";

    public GlobalLpPool2d {
        ParameterChecks.normType(NAME, normType);
    }

    @Override
    public String opName() {
        return NAME;
    }

    /** {@code lp_pool2d} with kernel and stride {@code (H, W)}: one window, {@code kh * kw = H * W}. */
    @Override
    public PoolResult reduce(Tensor input, WindowGeometry plane, int[] outputShape, Object target) {
        long planeArea = (long) input.height() * input.width();
        return new PoolResult(LpPoolKernels.pool(input, plane, normType, absolute, planeArea, outputShape,
                target), null);
    }
}
