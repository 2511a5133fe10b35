package io.tensorpool.kernel;

/**
 * Lp pooling the way PyTorch's {@code F.lp_pool2d} computes it, step by step in the output's
 * precision (float32, or double for float64 input):
 * <pre>
 *   out = avg_pool2d(x.pow(p), kernel, stride, padding, ceil_mode)   # count_include_pad = true
 *   out = sign(out) * relu(abs(out))
 *   out = out * (kh * kw)
 *   out = out.pow(1 / p)
 * </pre>
 * So a full window gives {@code (sum x^p)^(1/p)}; a ceil-mode partial window is divided by its
 * clipped size and multiplied back by the full {@code kh * kw}, as in PyTorch. {@code x^p} is
 * {@code x}'s power, not {@code |x|}'s (ONNX's), which agree on non-negative input; both powers
 * use {@link TorchPow}. {@code sign(v) * relu(abs(v))} is {@code v} except that it turns
 * {@code -0.0} into {@code +0.0} (PyTorch's sign of NaN is 0, and {@code 0 * NaN} is NaN).
 *
 * <p>With {@code absolute} (ONNX's {@code LpPool} rule, opt-in) the first step is
 * {@code abs(x).pow(p)} instead, every other step the same: {@code (sum |x|^p)^(1/p)}, never NaN
 * for finite input. On non-negative input both rules give the same bits (the power of
 * {@code -0.0} can differ in sign, and a zero sum is made {@code +0.0} either way).
 */
final class LpPoolKernels {

    private LpPoolKernels() {
    }

    /**
     * @param kernelArea PyTorch's {@code kw * kh}: the number of taps of a full window
     */
    static Tensor pool(Tensor input, WindowGeometry geometry, double normType, long kernelArea, int[] outputShape) {
        return pool(input, geometry, normType, false, kernelArea, outputShape, null);
    }

    /**
     * As {@link #pool(Tensor, WindowGeometry, double, long, int[])}, with ONNX's {@code |x|^p} when
     * {@code absolute}, into {@code target} when not null.
     */
    static Tensor pool(Tensor input, WindowGeometry geometry, double normType, boolean absolute, long kernelArea,
                       int[] outputShape, Object target) {
        Divisors divisors = Divisors.avgPool(geometry, true, null);
        double root = 1.0 / normType;
        if (input.type() == ElementType.FLOAT64) {
            double[] in = input.doubles();
            double[] powers = new double[in.length];
            for (int i = 0; i < in.length; i++) {
                powers[i] = TorchPow.pow(absolute ? Math.abs(in[i]) : in[i], normType);
            }
            double[] out = AvgPoolKernels.average(powers, input.planes(), geometry, divisors, (double[]) target);
            double area = kernelArea;
            for (int i = 0; i < out.length; i++) {
                double v = out[i] == 0.0 ? 0.0 : out[i];
                out[i] = TorchPow.pow(v * area, root);
            }
            return Tensor.ofDoubles(out, outputShape);
        }
        float[] in = FloatConversion.floats(input);
        // Never write to the caller's array; a widened copy of integer input is ours to reuse.
        float[] powers = FloatConversion.isCopy(input) ? in : new float[in.length];
        for (int i = 0; i < in.length; i++) {
            powers[i] = TorchPow.pow(absolute ? Math.abs(in[i]) : in[i], normType);
        }
        float[] out = AvgPoolKernels.average(powers, input.planes(), geometry, divisors, (float[]) target);
        float area = kernelArea;
        for (int i = 0; i < out.length; i++) {
            float v = out[i] == 0f ? 0f : out[i];
            out[i] = TorchPow.pow(v * area, root);
        }
        return Tensor.ofFloats(out, outputShape);
    }
}
