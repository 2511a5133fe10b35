package io.tensorpool.kernel;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.EnumMap;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Property test: the kernels against {@link NaiveReference} on random shapes (ranks 2 to 4),
 * random parameters (including invalid ones, which both must reject) and random data full of
 * ties, NaN, infinities and signed zeros, in every element type. The reference follows the
 * contract's arithmetic order, so values must agree to the bit (NaN matches any NaN) and indices
 * exactly. Every run also checks that the input array was not written to.
 */
class ReferenceComparisonTest {
    private static final long SEED = 0x7E5A_0901_2024L;
    private static final int TRIALS = 6000;
    /** Each operator kind and each element type must be compared at least this often. */
    private static final int MIN_COMPARED = 60;

    @Test
    void kernelsAgreeWithTheNaiveReference() {
        Random random = new Random(SEED);
        Map<PoolSpec.Kind, Integer> comparedByKind = new EnumMap<>(PoolSpec.Kind.class);
        Map<ElementType, Integer> comparedByType = new EnumMap<>(ElementType.class);
        int rejectedByParameters = 0;
        int rejectedByShape = 0;
        for (int trial = 0; trial < TRIALS; trial++) {
            PoolSpec.Kind kind = PoolSpec.Kind.values()[trial % PoolSpec.Kind.values().length];
            ElementType type = ElementType.values()[(trial / PoolSpec.Kind.values().length) % ElementType.values().length];
            int[] shape = RandomTensors.shape(random);
            PoolSpec spec = RandomSpecs.spec(random, kind);
            Object data = RandomTensors.data(random, type, (int) Tensor.elementCount(shape));
            String where = "seed=" + SEED + " trial=" + trial + " type=" + type + " shape=" + Arrays.toString(shape)
                    + " spec=" + spec;
            switch (compare(spec, type, data, shape, where)) {
                case PARAMETERS_REJECTED -> rejectedByParameters++;
                case SHAPE_REJECTED -> rejectedByShape++;
                case COMPARED -> {
                    comparedByKind.merge(kind, 1, Integer::sum);
                    comparedByType.merge(type, 1, Integer::sum);
                }
            }
        }
        for (PoolSpec.Kind kind : PoolSpec.Kind.values()) {
            int n = comparedByKind.getOrDefault(kind, 0);
            assertTrue(n >= MIN_COMPARED, "seed=" + SEED + ": only " + n + " " + kind + " runs were compared");
        }
        for (ElementType type : ElementType.values()) {
            int n = comparedByType.getOrDefault(type, 0);
            assertTrue(n >= MIN_COMPARED, "seed=" + SEED + ": only " + n + " " + type + " runs were compared");
        }
        assertTrue(rejectedByParameters > 20 && rejectedByShape > 20,
                "seed=" + SEED + ": the generator should also produce invalid parameters (" + rejectedByParameters
                        + ") and too-small inputs (" + rejectedByShape + ")");
    }

    private enum Result { PARAMETERS_REJECTED, SHAPE_REJECTED, COMPARED }

    private static Result compare(PoolSpec spec, ElementType type, Object data, int[] shape, String where) {
        NaiveReference.Outcome expected = NaiveReference.run(spec, type, data, shape);
        String parameterProblem = NaiveReference.parameterProblem(spec);
        PoolOp op;
        try {
            op = spec.toOp();
        } catch (IllegalArgumentException e) {
            assertTrue(parameterProblem != null, where + ": the kernel rejected valid parameters: " + e.getMessage());
            assertTrue(e.getMessage().contains(parameterProblem),
                    where + ": the message '" + e.getMessage() + "' should name " + parameterProblem);
            return Result.PARAMETERS_REJECTED;
        }
        if (parameterProblem != null) {
            fail(where + ": the kernel accepted parameters the contract rejects (" + parameterProblem + ")");
        }
        Tensor input = Tensor.of(type, data, shape);
        Object before = RandomTensors.copy(data);
        PoolResult actual;
        try {
            actual = op.apply(input);
        } catch (IllegalArgumentException e) {
            assertEquals("too small", expected.rejection(), where + ": unexpected rejection " + e.getMessage());
            assertTrue(e.getMessage().contains("too small") && e.getMessage().contains(Arrays.toString(shape)),
                    where + ": message should name the input shape: " + e.getMessage());
            return Result.SHAPE_REJECTED;
        } finally {
            assertTrue(RandomTensors.sameBits(before, data), where + ": the input array was modified");
        }
        assertNull(expected.rejection(), where + ": the reference rejects this (" + expected.rejection() + ")");
        assertArrayEquals(expected.shape(), actual.values().shape(), where + ": output shape");
        assertArrayEquals(expected.shape(), op.outputShape(shape), where + ": outputShape()");
        assertEquals(op.outputType(type), actual.values().type(), where + ": output type");
        assertSameValues(expected.values(), actual.values().data(), where);
        if (expected.indices() == null) {
            assertNull(actual.indices(), where + ": indices were not asked for");
        } else {
            assertArrayEquals(expected.indices(), actual.indices(), where + ": indices");
        }
        return Result.COMPARED;
    }

    private static void assertSameValues(Object expected, Object actual, String where) {
        assertEquals(expected.getClass(), actual.getClass(), where + ": output array type");
        if (expected instanceof float[] want) {
            float[] got = (float[]) actual;
            for (int i = 0; i < want.length; i++) {
                boolean same = Float.isNaN(want[i]) ? Float.isNaN(got[i])
                        : Float.floatToRawIntBits(want[i]) == Float.floatToRawIntBits(got[i]);
                assertTrue(same, where + ": value " + i + " expected " + want[i] + " got " + got[i]);
            }
        } else if (expected instanceof double[] want) {
            double[] got = (double[]) actual;
            for (int i = 0; i < want.length; i++) {
                boolean same = Double.isNaN(want[i]) ? Double.isNaN(got[i])
                        : Double.doubleToRawLongBits(want[i]) == Double.doubleToRawLongBits(got[i]);
                assertTrue(same, where + ": value " + i + " expected " + want[i] + " got " + got[i]);
            }
        } else {
            assertTrue(RandomTensors.sameBits(expected, actual), where + ": integer values differ: expected "
                    + RandomTensors.format(expected) + " got " + RandomTensors.format(actual));
        }
    }
}
