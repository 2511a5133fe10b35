package io.tensorpool.kernel;

/**
 * The windows along one axis of a pooling, one per output index, precomputed once per call so
 * that the kernels' inner loops only read arrays.
 *
 * <p>A window is a run of taps {@code start + j * step}, {@code j = 0 .. k - 1}. For each output
 * index {@code o} it records:
 * <ul>
 *   <li>{@link #first}: the first tap at or after 0, PyTorch's {@code ih0} after
 *       {@code while (ih0 < 0) ih0 += dilation}; the kernels start every scan there and max
 *       pooling reports it as the index of a window that finds nothing larger;</li>
 *   <li>{@link #count}: the number of taps inside the input {@code [0, In)}; 0 for a window
 *       that lies wholly in the padding (possible only with dilation);</li>
 *   <li>{@link #padded}: the number of taps before {@code In + pe}, i.e. counting the padding
 *       but not a ceil-mode overhang past it: PyTorch's average-pooling {@code pool_size} along
 *       this axis.</li>
 * </ul>
 *
 * <p>For the kernels' fast paths it also records the <em>regular run</em>: the longest range of
 * output indices {@code [runStart, runEnd)} whose windows all have the full number of in-bounds
 * taps {@link #runTaps} and start {@link #runStride} apart ({@code first[o] = first[runStart] +
 * (o - runStart) * runStride}). For sliding windows this is every window that needs no clipping;
 * the rest (the border) is left to the general loops. The run may be empty.
 */
final class AxisWindows {
    final int inputLength;
    final int step;
    final int[] first;
    final int[] count;
    final int[] padded;
    int runStart;
    int runEnd;
    int runTaps;
    int runStride;

    private AxisWindows(int inputLength, int step, int outputLength) {
        this.inputLength = inputLength;
        this.step = step;
        this.first = new int[outputLength];
        this.count = new int[outputLength];
        this.padded = new int[outputLength];
    }

    /** Finds the regular run (see the class comment); called once the windows are filled in. */
    private AxisWindows withRun() {
        int out = outputLength();
        int taps = 0;
        for (int o = 0; o < out; o++) {
            taps = Math.max(taps, count[o]);
        }
        runTaps = taps;
        runStride = 1;
        if (taps == 0) {
            return this;
        }
        int o = 0;
        while (o < out) {
            if (count[o] != taps) {
                o++;
                continue;
            }
            int start = o;
            int stride = o + 1 < out && count[o + 1] == taps ? first[o + 1] - first[o] : 1;
            int end = o + 1;
            while (end < out && count[end] == taps && stride > 0
                    && first[end] - first[end - 1] == stride) {
                end++;
            }
            if (end - start > runEnd - runStart) {
                runStart = start;
                runEnd = end;
                runStride = stride > 0 ? stride : 1;
            }
            o = end;
        }
        if (runEnd - runStart == 1) {
            runStride = 1;
        }
        return this;
    }

    int outputLength() {
        return first.length;
    }

    /**
     * Sliding windows: {@code start = o * s - pb}, {@code k} taps {@code d} apart. At
     * {@code d = 1}, {@code padded} is PyTorch's {@code min(start + k, In + pe) - start} and
     * {@code count} its {@code min(start + k, In) - max(start, 0)}; for {@code d > 1} both count
     * taps, which is ONNX's reading of a dilated window.
     */
    static AxisWindows sliding(int in, int out, int kernel, int stride, int dilation, int padBefore,
                               int padAfter) {
        AxisWindows axis = new AxisWindows(in, dilation, out);
        long span = OutputSize.effectiveKernel(kernel, dilation);
        long paddedEnd = (long) in + padAfter;
        for (int o = 0; o < out; o++) {
            long start = (long) o * stride - padBefore;
            long first = start >= 0 ? start : start + ceilDiv(-start, dilation) * dilation;
            long inputEnd = Math.min(start + span, in);
            axis.count[o] = first < inputEnd ? (int) ((inputEnd - 1 - first) / dilation + 1) : 0;
            axis.padded[o] = start >= paddedEnd ? 0 : (int) Math.min(kernel, (paddedEnd - 1 - start) / dilation + 1);
            // A window that finds no input cell (dilation stepping over a short input) keeps
            // PyTorch's first tap at or after 0 even though it lies past the input: max pooling
            // reports it as that window's index, as PyTorch does.
            axis.first[o] = (int) Math.min(first, Integer.MAX_VALUE);
        }
        return axis.withRun();
    }

    /**
     * Adaptive bins: bin {@code i} of {@code Out} covers {@code [floor(i * In / Out),
     * ceil((i + 1) * In / Out))}, computed exactly in {@code long} as
     * {@code start = (i * In) / Out} and {@code end = ((i + 1) * In + Out - 1) / Out}.
     * {@code Out > In} is allowed: neighbouring bins then share cells.
     */
    static AxisWindows adaptive(int in, int out) {
        AxisWindows axis = new AxisWindows(in, 1, out);
        for (int i = 0; i < out; i++) {
            long start = (long) i * in / out;
            long end = ((long) (i + 1) * in + out - 1) / out;
            axis.first[i] = (int) start;
            axis.count[i] = (int) (end - start);
            axis.padded[i] = (int) (end - start);
        }
        return axis.withRun();
    }

    private static long ceilDiv(long a, long b) {
        return -Math.floorDiv(-a, b);
    }
}
