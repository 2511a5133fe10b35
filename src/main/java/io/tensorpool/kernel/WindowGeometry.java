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
