package io.tensorpool.kernel;

/**
 * Where every window of one {@code H x W} plane lies: the row windows and the column windows
 * (a window is their product). Computed once per call and shared by every plane and every
 * element type; the kernels walk it row by row, left to right.
 */
final class WindowGeometry {
    final AxisWindows rows;
    final AxisWindows cols;

    private WindowGeometry(AxisWindows rows, AxisWindows cols) {
        this.rows = rows;
        this.cols = cols;
    }

    static WindowGeometry of(AxisWindows rows, AxisWindows cols) {
        return new WindowGeometry(rows, cols);
    }

    /** Adaptive bins on both axes (also global pooling, with one bin per axis). */
    static WindowGeometry adaptive(int inH, int inW, int outH, int outW) {
        return new WindowGeometry(AxisWindows.adaptive(inH, outH), AxisWindows.adaptive(inW, outW));
    }

    /**
     * The bins of an adaptive operator on an input of {@code inputShape}: {@code outH x outW} of
     * them, a {@code null} size keeping the input's.
     *
     * @throws IllegalArgumentException naming the operator when the shape is invalid
     */
    static WindowGeometry adaptiveBins(String op, int[] inputShape, Integer outH, Integer outW) {
        PlaneShapes.checkInput(op, inputShape);
        int inH = PlaneShapes.height(inputShape);
        int inW = PlaneShapes.width(inputShape);
        return adaptive(inH, inW, outH == null ? inH : outH, outW == null ? inW : outW);
    }

    /** One window covering the whole plane, global pooling's. */
    static WindowGeometry wholePlane(String op, int[] inputShape) {
        return adaptiveBins(op, inputShape, 1, 1);
    }

    int inputWidth() {
        return cols.inputLength;
    }

    int inputPlane() {
        return rows.inputLength * cols.inputLength;
    }

    int outputHeight() {
        return rows.outputLength();
    }

    int outputWidth() {
        return cols.outputLength();
    }

    int outputPlane() {
        return rows.outputLength() * cols.outputLength();
    }
}
