package io.tensorpool.kernel;

/**
 * Window means for average, adaptive average and Lp pooling, and whole-plane means for global
 * average pooling.
 *
 * <p>Window means follow PyTorch's {@code AvgPoolKernel.cpp} and
 * {@code AdaptiveAvgPoolKernel.cpp}: the sum starts at {@code +0.0} and adds the in-bounds cells
 * of the window row by row, left to right, in the output's precision (float32 for every type but
 * float64, which stays in double); {@link Divisors} then turns it into the output value. A window
 * with no input cell yields {@code 0} (PyTorch skips it, leaving its zeroed output).
 *
 * <p>Integer input is widened to float32 cell by cell first ({@link FloatConversion}).
 */
final class AvgPoolKernels {

    private AvgPoolKernels() {
    }

    /** The window means of every plane of {@code input}, as a tensor of {@code outputShape}. */
    static Tensor average(Tensor input, WindowGeometry geometry, Divisors divisors, int[] outputShape) {
        if (input.type() == ElementType.FLOAT64) {
            return Tensor.ofDoubles(average(input.doubles(), input.planes(), geometry, divisors), outputShape);
        }
        return Tensor.ofFloats(average(FloatConversion.floats(input), input.planes(), geometry, divisors), outputShape);
    }

    static float[] average(float[] in, int planes, WindowGeometry g, Divisors divisors) {
        AxisWindows rows = g.rows;
        AxisWindows cols = g.cols;
        int inW = g.inputWidth();
        int rowStep = rows.step * inW;
        int colStep = cols.step;
        int outPlane = g.outputPlane();
        long[] first = divisors.first();
        long[] second = divisors.second();
        boolean addToZero = divisors.addToZero();
        float[] out = new float[planes * outPlane];
        for (int p = 0; p < planes; p++) {
            int base = p * g.inputPlane();
            int o = p * outPlane;
            int cell = 0;
            for (int oh = 0; oh < rows.outputLength(); oh++) {
                int rowStart = rows.first[oh] * inW;
                int rowCount = rows.count[oh];
                for (int ow = 0; ow < cols.outputLength(); ow++, o++, cell++) {
                    int colCount = cols.count[ow];
                    if (rowCount == 0 || colCount == 0) {
                        continue; // a window of padding only: PyTorch leaves its output at 0
                    }
                    float sum = 0f;
                    for (int i = 0, r = base + rowStart + cols.first[ow]; i < rowCount; i++, r += rowStep) {
                        for (int j = 0, c = r; j < colCount; j++, c += colStep) {
                            sum += in[c];
                        }
                    }
                    float value = sum / first[cell];
                    if (second != null) {
                        value = value / second[cell];
                    }
                    out[o] = addToZero ? 0f + value : value;
                }
            }
        }
        return out;
    }

    static double[] average(double[] in, int planes, WindowGeometry g, Divisors divisors) {
        AxisWindows rows = g.rows;
        AxisWindows cols = g.cols;
        int inW = g.inputWidth();
        int rowStep = rows.step * inW;
        int colStep = cols.step;
        int outPlane = g.outputPlane();
        long[] first = divisors.first();
        long[] second = divisors.second();
        boolean addToZero = divisors.addToZero();
        double[] out = new double[planes * outPlane];
        for (int p = 0; p < planes; p++) {
            int base = p * g.inputPlane();
            int o = p * outPlane;
            int cell = 0;
            for (int oh = 0; oh < rows.outputLength(); oh++) {
                int rowStart = rows.first[oh] * inW;
                int rowCount = rows.count[oh];
                for (int ow = 0; ow < cols.outputLength(); ow++, o++, cell++) {
                    int colCount = cols.count[ow];
                    if (rowCount == 0 || colCount == 0) {
                        continue; // a window of padding only: PyTorch leaves its output at 0
                    }
                    double sum = 0.0;
                    for (int i = 0, r = base + rowStart + cols.first[ow]; i < rowCount; i++, r += rowStep) {
                        for (int j = 0, c = r; j < colCount; j++, c += colStep) {
                            sum += in[c];
                        }
                    }
                    double value = sum / first[cell];
                    if (second != null) {
                        value = value / second[cell];
                    }
                    out[o] = addToZero ? 0.0 + value : value;
                }
            }
        }
        return out;
    }

    /**
     * The mean of each whole {@code H x W} plane, as a tensor of {@code outputShape} (the input
     * shape with a {@code 1 x 1} plane).
     *
     * <p>PyTorch computes {@code adaptive_avg_pool2d} to {@code [1, 1]} as {@code mean} over the
     * plane: a vectorised cascade sum, then one division by {@code H * W}. Its summation order
     * depends on the CPU's vector width, so its bits cannot be reproduced; summing in double and
     * rounding once is at least as accurate, stays within a float32 ulp or two of PyTorch on any
     * plane size (a long sequential float32 sum would drift), and is deterministic. Float64 input
     * is summed in double in plane order.
     */
    static Tensor planeMeans(Tensor input, int[] outputShape) {
        int planes = input.planes();
        int planeSize = input.height() * input.width();
        if (input.type() == ElementType.FLOAT64) {
            double[] in = input.doubles();
            double[] out = new double[planes];
            for (int p = 0; p < planes; p++) {
                double sum = 0.0;
                for (int i = p * planeSize, end = i + planeSize; i < end; i++) {
                    sum += in[i];
                }
                out[p] = sum / planeSize;
            }
            return Tensor.ofDoubles(out, outputShape);
        }
        float[] in = FloatConversion.floats(input);
        float[] out = new float[planes];
        for (int p = 0; p < planes; p++) {
            double sum = 0.0;
            for (int i = p * planeSize, end = i + planeSize; i < end; i++) {
                sum += in[i];
            }
            out[p] = (float) sum / planeSize;
        }
        return Tensor.ofFloats(out, outputShape);
    }
}
