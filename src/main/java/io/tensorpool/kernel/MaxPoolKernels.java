package io.tensorpool.kernel;

/**
 * The maximum of every window, for max, adaptive max and global max pooling, one loop per
 * primitive array type.
 *
 * <p>Each window is scanned row by row, left to right, starting from the type's smallest value
 * ({@code -inf} for floats) with the index of the window's first in-bounds cell; a cell replaces
 * the current maximum when {@code v > max || isNaN(v)} (PyTorch's {@code MaxPoolKernel.cpp}).
 * So ties keep the first maximum, the last NaN wins (value and index), {@code -0.0} followed by
 * {@code +0.0} stays {@code -0.0}, and a window of {@code -inf} only yields {@code -inf} with
 * the index of its first in-bounds cell. Indices are PyTorch's: the flat position
 * {@code h * W + w} of the chosen cell inside its own input plane.
 *
 * <p>A window that covers no input cell at all (dilation stepping over a short input) yields the
 * type's smallest value with PyTorch's index {@code firstRow * W + firstColumn}, computed from
 * the first taps at or after 0; that index can lie outside the plane, exactly as in PyTorch.
 *
 * <p>Without indices, float32 and uint8 first try their Vector API kernels ({@link VectorKernels});
 * float32, float64, uint8 and int8 otherwise take {@link SeparableMax}, which computes
 * the same values separably and recomputes with the scan above only the cells where the two could
 * differ; the loops here are the general path and the one that computes indices.
 *
 * <p>uint8 and int8 share one {@code byte[]} loop: uint8 compares {@code b ^ 0x80} as a signed
 * byte, which orders unsigned values correctly (200 > 100), and flips back on output.
 */
final class MaxPoolKernels {
    /** XOR mask that maps unsigned byte order onto signed byte order. */
    private static final int UNSIGNED_BYTE_FLIP = 0x80;

    private MaxPoolKernels() {
    }

    /**
     * Pools every plane of {@code input} through {@code geometry}; the output keeps the element
     * type and has {@code outputShape}.
     */
    static PoolResult pool(Tensor input, WindowGeometry geometry, int[] outputShape, boolean withIndices) {
        return pool(input, geometry, outputShape, withIndices, null);
    }

    /**
     * As {@link #pool(Tensor, WindowGeometry, int[], boolean)}, writing the values into
     * {@code target} (an array of the output's type and length whose every element is
     * overwritten), or into a new array when {@code target} is {@code null}.
     */
    static PoolResult pool(Tensor input, WindowGeometry geometry, int[] outputShape, boolean withIndices,
                           Object target) {
        int planes = input.planes();
        long[] indices = withIndices ? new long[planes * geometry.outputPlane()] : null;
        if (indices == null) {
            Object fast = switch (input.type()) {
                case UINT8 -> {
                    byte[] vectorised = VectorKernels.maxUnsignedBytes(input.bytes(), planes, geometry, (byte[]) target);
                    yield vectorised != null ? vectorised
                            : SeparableMax.bytes(input.bytes(), planes, geometry, UNSIGNED_BYTE_FLIP, (byte[]) target);
                }
                case INT8 -> SeparableMax.bytes(input.bytes(), planes, geometry, 0, (byte[]) target);
                case FLOAT32 -> {
                    float[] vectorised = VectorKernels.maxFloats(input.floats(), planes, geometry, (float[]) target);
                    yield vectorised != null ? vectorised
                            : SeparableMax.floats(input.floats(), planes, geometry, (float[]) target);
                }
                case FLOAT64 -> SeparableMax.doubles(input.doubles(), planes, geometry, (double[]) target);
                default -> null;
            };
            if (fast != null) {
                return new PoolResult(Tensor.of(input.type(), fast, outputShape), null);
            }
        }
        Object values = switch (input.type()) {
            case UINT8 -> bytes(input.bytes(), planes, geometry, indices, UNSIGNED_BYTE_FLIP, (byte[]) target);
            case INT8 -> bytes(input.bytes(), planes, geometry, indices, 0, (byte[]) target);
            case INT16 -> shorts(input.shorts(), planes, geometry, indices, (short[]) target);
            case INT32 -> ints(input.ints(), planes, geometry, indices, (int[]) target);
            case INT64 -> longs(input.longs(), planes, geometry, indices, (long[]) target);
            case FLOAT32 -> floats(input.floats(), planes, geometry, indices, (float[]) target);
            case FLOAT64 -> doubles(input.doubles(), planes, geometry, indices, (double[]) target);
        };
        return new PoolResult(Tensor.of(input.type(), values, outputShape), indices);
    }

    /** PyTorch's starting index of a window: its first taps at or after 0 on both axes. */
    private static long startIndex(WindowGeometry g, int oh, int ow) {
        return (long) g.rows.first[oh] * g.inputWidth() + g.cols.first[ow];
    }

    private static float[] floats(float[] in, int planes, WindowGeometry g, long[] indices, float[] target) {
        AxisWindows rows = g.rows;
        AxisWindows cols = g.cols;
        int inW = g.inputWidth();
        int rowStep = rows.step * inW;
        int colStep = cols.step;
        float[] out = target != null ? target : new float[planes * g.outputPlane()];
        int o = 0;
        for (int p = 0; p < planes; p++) {
            int base = p * g.inputPlane();
            for (int oh = 0; oh < rows.outputLength(); oh++) {
                int rowStart = rows.first[oh] * inW;
                int rowCount = rows.count[oh];
                for (int ow = 0; ow < cols.outputLength(); ow++, o++) {
                    int colStart = cols.first[ow];
                    int colCount = cols.count[ow];
                    float max = Float.NEGATIVE_INFINITY;
                    long at = startIndex(g, oh, ow);
                    for (int i = 0, r = rowStart + colStart; i < rowCount; i++, r += rowStep) {
                        for (int j = 0, c = r; j < colCount; j++, c += colStep) {
                            float v = in[base + c];
                            if (v > max || v != v) {
                                max = v;
                                at = c;
                            }
                        }
                    }
                    out[o] = max;
                    if (indices != null) {
                        indices[o] = at;
                    }
                }
            }
        }
        return out;
    }

    private static double[] doubles(double[] in, int planes, WindowGeometry g, long[] indices, double[] target) {
        AxisWindows rows = g.rows;
        AxisWindows cols = g.cols;
        int inW = g.inputWidth();
        int rowStep = rows.step * inW;
        int colStep = cols.step;
        double[] out = target != null ? target : new double[planes * g.outputPlane()];
        int o = 0;
        for (int p = 0; p < planes; p++) {
            int base = p * g.inputPlane();
            for (int oh = 0; oh < rows.outputLength(); oh++) {
                int rowStart = rows.first[oh] * inW;
                int rowCount = rows.count[oh];
                for (int ow = 0; ow < cols.outputLength(); ow++, o++) {
                    int colStart = cols.first[ow];
                    int colCount = cols.count[ow];
                    double max = Double.NEGATIVE_INFINITY;
                    long at = startIndex(g, oh, ow);
                    for (int i = 0, r = rowStart + colStart; i < rowCount; i++, r += rowStep) {
                        for (int j = 0, c = r; j < colCount; j++, c += colStep) {
                            double v = in[base + c];
                            if (v > max || v != v) {
                                max = v;
                                at = c;
                            }
                        }
                    }
                    out[o] = max;
                    if (indices != null) {
                        indices[o] = at;
                    }
                }
            }
        }
        return out;
    }

    /** int8 ({@code flip = 0}) and uint8 ({@code flip = 0x80}); integers have no NaN. */
    private static byte[] bytes(byte[] in, int planes, WindowGeometry g, long[] indices, int flip, byte[] target) {
        AxisWindows rows = g.rows;
        AxisWindows cols = g.cols;
        int inW = g.inputWidth();
        int rowStep = rows.step * inW;
        int colStep = cols.step;
        byte[] out = target != null ? target : new byte[planes * g.outputPlane()];
        int o = 0;
        for (int p = 0; p < planes; p++) {
            int base = p * g.inputPlane();
            for (int oh = 0; oh < rows.outputLength(); oh++) {
                int rowStart = rows.first[oh] * inW;
                int rowCount = rows.count[oh];
                for (int ow = 0; ow < cols.outputLength(); ow++, o++) {
                    int colStart = cols.first[ow];
                    int colCount = cols.count[ow];
                    int max = Byte.MIN_VALUE;
                    long at = startIndex(g, oh, ow);
                    for (int i = 0, r = rowStart + colStart; i < rowCount; i++, r += rowStep) {
                        for (int j = 0, c = r; j < colCount; j++, c += colStep) {
                            int key = (byte) (in[base + c] ^ flip);
                            if (key > max) {
                                max = key;
                                at = c;
                            }
                        }
                    }
                    out[o] = (byte) (max ^ flip);
                    if (indices != null) {
                        indices[o] = at;
                    }
                }
            }
        }
        return out;
    }

    private static short[] shorts(short[] in, int planes, WindowGeometry g, long[] indices, short[] target) {
        AxisWindows rows = g.rows;
        AxisWindows cols = g.cols;
        int inW = g.inputWidth();
        int rowStep = rows.step * inW;
        int colStep = cols.step;
        short[] out = target != null ? target : new short[planes * g.outputPlane()];
        int o = 0;
        for (int p = 0; p < planes; p++) {
            int base = p * g.inputPlane();
            for (int oh = 0; oh < rows.outputLength(); oh++) {
                int rowStart = rows.first[oh] * inW;
                int rowCount = rows.count[oh];
                for (int ow = 0; ow < cols.outputLength(); ow++, o++) {
                    int colStart = cols.first[ow];
                    int colCount = cols.count[ow];
                    short max = Short.MIN_VALUE;
                    long at = startIndex(g, oh, ow);
                    for (int i = 0, r = rowStart + colStart; i < rowCount; i++, r += rowStep) {
                        for (int j = 0, c = r; j < colCount; j++, c += colStep) {
                            short v = in[base + c];
                            if (v > max) {
                                max = v;
                                at = c;
                            }
                        }
                    }
                    out[o] = max;
                    if (indices != null) {
                        indices[o] = at;
                    }
                }
            }
        }
        return out;
    }

    private static int[] ints(int[] in, int planes, WindowGeometry g, long[] indices, int[] target) {
        AxisWindows rows = g.rows;
        AxisWindows cols = g.cols;
        int inW = g.inputWidth();
        int rowStep = rows.step * inW;
        int colStep = cols.step;
        int[] out = target != null ? target : new int[planes * g.outputPlane()];
        int o = 0;
        for (int p = 0; p < planes; p++) {
            int base = p * g.inputPlane();
            for (int oh = 0; oh < rows.outputLength(); oh++) {
                int rowStart = rows.first[oh] * inW;
                int rowCount = rows.count[oh];
                for (int ow = 0; ow < cols.outputLength(); ow++, o++) {
                    int colStart = cols.first[ow];
                    int colCount = cols.count[ow];
                    int max = Integer.MIN_VALUE;
                    long at = startIndex(g, oh, ow);
                    for (int i = 0, r = rowStart + colStart; i < rowCount; i++, r += rowStep) {
                        for (int j = 0, c = r; j < colCount; j++, c += colStep) {
                            int v = in[base + c];
                            if (v > max) {
                                max = v;
                                at = c;
                            }
                        }
                    }
                    out[o] = max;
                    if (indices != null) {
                        indices[o] = at;
                    }
                }
            }
        }
        return out;
    }

    private static long[] longs(long[] in, int planes, WindowGeometry g, long[] indices, long[] target) {
        AxisWindows rows = g.rows;
        AxisWindows cols = g.cols;
        int inW = g.inputWidth();
        int rowStep = rows.step * inW;
        int colStep = cols.step;
        long[] out = target != null ? target : new long[planes * g.outputPlane()];
        int o = 0;
        for (int p = 0; p < planes; p++) {
            int base = p * g.inputPlane();
            for (int oh = 0; oh < rows.outputLength(); oh++) {
                int rowStart = rows.first[oh] * inW;
                int rowCount = rows.count[oh];
                for (int ow = 0; ow < cols.outputLength(); ow++, o++) {
                    int colStart = cols.first[ow];
                    int colCount = cols.count[ow];
                    long max = Long.MIN_VALUE;
                    long at = startIndex(g, oh, ow);
                    for (int i = 0, r = rowStart + colStart; i < rowCount; i++, r += rowStep) {
                        for (int j = 0, c = r; j < colCount; j++, c += colStep) {
                            long v = in[base + c];
                            if (v > max) {
                                max = v;
                                at = c;
                            }
                        }
                    }
                    out[o] = max;
                    if (indices != null) {
                        indices[o] = at;
                    }
                }
            }
        }
        return out;
    }
}
