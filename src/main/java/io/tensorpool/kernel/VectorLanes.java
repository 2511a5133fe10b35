package io.tensorpool.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * The vector shapes the float32 vector kernels use, and the one lane shuffle they need. Loaded
 * only through {@link VectorKernels}.
 *
 * <p>Stride 2 needs every other window: the kernels compute windows at every column at full
 * width and keep the even lanes. {@link #evenLanes} does that without a gather: seen as longs,
 * each pair of float lanes is one long whose low 32 bits are the even lane (lane order is
 * little-endian), and narrowing longs to ints ({@code L2I}, one {@code vpmovqd} on x86) keeps
 * exactly those bits. Measured on JDK 17 here: intrinsified, about 0.07 ns per input float, as
 * fast as a copy of the same bytes; a {@code rearrange} was slower.
 */
final class VectorLanes {
    /** The widest float vector of the CPU (16 lanes with AVX-512). */
    static final VectorSpecies<Float> FLOATS = FloatVector.SPECIES_PREFERRED;

    /** Ints of the same shape, for the order keys of {@link VectorMax}. */
    static final VectorSpecies<Integer> INTS = VectorSpecies.of(int.class, FLOATS.vectorShape());

    /**
     * Whether the CPU's vectors are wide enough to be worth it, and to have a half shape (a
     * 64-bit vector has none).
     */
    static final boolean SUPPORTED = FLOATS.length() >= 4;

    /** Half of {@link #FLOATS}: the even lanes of one full vector. */
    static final VectorSpecies<Float> HALF_FLOATS = SUPPORTED ? half(float.class) : null;

    private static final VectorSpecies<Integer> HALF_INTS = SUPPORTED ? half(int.class) : null;

    private VectorLanes() {
    }

    private static <E> VectorSpecies<E> half(Class<E> type) {
        return VectorSpecies.of(type, VectorShape.forBitSize(FLOATS.vectorBitSize() / 2));
    }

    /** Lanes 0, 2, 4, ... of {@code v}, bit for bit, as a {@link #HALF_FLOATS} vector. */
    static FloatVector evenLanes(FloatVector v) {
        return (FloatVector) v.reinterpretAsLongs().convertShape(VectorOperators.L2I, HALF_INTS, 0)
                .reinterpretAsFloats();
    }
}
