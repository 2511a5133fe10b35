package io.tensorpool.kernel;

import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link FloatExtremes} with the Vector API: the lanewise minimum and maximum of whole vectors
 * of little-endian float32 bytes. Loaded only through {@link VectorKernels}.
 *
 * <p>A byte vector seen as floats ({@code reinterpretAsFloats}) takes its lanes' bytes in
 * little-endian order whatever the platform's, which is Parquet's PLAIN order. Lanewise
 * {@code min}/{@code max} follow {@code Math.min}/{@code Math.max}: a NaN in any lane wins, and
 * then this fold gives up and leaves the run to the scalar definition, which skips NaN. Without
 * NaN both give the same extremes, up to the sign of a zero ({@code Math.min} orders
 * {@code -0.0} before {@code +0.0}; the scalar fold keeps the first of two equal zeros), which
 * {@link FloatExtremes} says carries nothing.
 */
final class VectorExtremes {
    private static final VectorSpecies<Float> FLOATS = VectorLanes.FLOATS;
    private static final VectorSpecies<Byte> BYTES = VectorSpecies.of(byte.class, FLOATS.vectorShape());

    private VectorExtremes() {
    }

    /**
     * Folds the values of the run's whole vectors into {@code minMax} and returns how many values
     * that was, from the run's start; 0, with {@code minMax} untouched, when the run is shorter
     * than one vector or those values hold a NaN.
     */
    static int fold(byte[] bytes, int offset, int count, float[] minMax) {
        int lanes = FLOATS.length();
        int whole = count - count % lanes;
        if (whole == 0) {
            return 0;
        }
        FloatVector min = FloatVector.broadcast(FLOATS, Float.POSITIVE_INFINITY);
        FloatVector max = FloatVector.broadcast(FLOATS, Float.NEGATIVE_INFINITY);
        int step = BYTES.length();
        int end = offset + whole * Float.BYTES;
        for (int at = offset; at < end; at += step) {
            FloatVector v = ByteVector.fromArray(BYTES, bytes, at).reinterpretAsFloats();
            min = min.min(v);
            max = max.max(v);
        }
        float lo = min.reduceLanes(VectorOperators.MIN);
        float hi = max.reduceLanes(VectorOperators.MAX);
        if (Float.isNaN(lo) || Float.isNaN(hi)) {
            return 0;
        }
        minMax[0] = Math.min(minMax[0], lo);
        minMax[1] = Math.max(minMax[1], hi);
        return whole;
    }
}
