package io.tensorpool.kernel;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Every case of {@code golden/pool2d-torch.json} (computed by PyTorch 1.13 on CPU) through the
 * kernels: max-like values and indices bit for bit, averages within the contract's tolerance,
 * and each error case rejected with a message that names the operator and what is wrong.
 */
class GoldenCasesTest {
    private static final String GOLDEN = "/golden/pool2d-torch.json";
    private static final int EXPECTED_CASES = 329;
    private static final AtomicInteger CASES_RUN = new AtomicInteger();

    @TestFactory
    List<DynamicTest> goldenCases() {
        @SuppressWarnings("unchecked")
        Map<String, Object> file = (Map<String, Object>) GoldenFile.read(GOLDEN);
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> cases = (List<Map<String, Object>>) file.get("cases");
        assertEquals(EXPECTED_CASES, cases.size(), "number of cases in " + GOLDEN);
        List<DynamicTest> tests = new ArrayList<>();
        for (Map<String, Object> c : cases) {
            int id = GoldenFile.toInt(c.get("id"));
            String name = c.get("name") == null ? "" : " " + c.get("name");
            String display = "case " + id + name + " (" + c.get("op") + ", " + c.get("dtype") + ")";
            tests.add(DynamicTest.dynamicTest(display, () -> {
                CASES_RUN.incrementAndGet();
                run(c);
            }));
        }
        return tests;
    }

    @AfterAll
    static void everyCaseRan() {
        assertEquals(EXPECTED_CASES, CASES_RUN.get(), "golden cases run");
    }

    private static void run(Map<String, Object> c) {
        String op = (String) c.get("op");
        @SuppressWarnings("unchecked")
        Map<String, Object> params = (Map<String, Object>) c.get("params");
        @SuppressWarnings("unchecked")
        Map<String, Object> inputJson = (Map<String, Object>) c.get("input");
        ElementType type = ElementType.fromName((String) c.get("dtype"));
        int[] inputShape = ints(inputJson.get("shape"));
        Tensor input = tensor(type, inputJson.get("data"), inputShape);
        if (c.containsKey("error")) {
            expectRejection(op, params, input, (String) c.get("error"));
            return;
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> expected = (Map<String, Object>) c.get("expected");
        boolean withIndices = expected.containsKey("indices");
        PoolOp pool = operator(op, params, withIndices);
        int[] expectedShape = ints(expected.get("shape"));
        assertArrayEquals(expectedShape, pool.outputShape(inputShape), "output shape");

        PoolResult result = pool.apply(input);
        assertEquals(pool.outputType(type), result.values().type(), "output type");
        assertArrayEquals(expectedShape, result.values().shape(), "result shape");
        boolean exact = op.equals("max_pool2d") || op.equals("adaptive_max_pool2d");
        compareValues(type, expected.get("data"), result.values(), exact);
        if (withIndices) {
            assertNotNull(result.indices(), "indices were asked for");
            long[] expectedIndices = ((List<?>) expected.get("indices")).stream().mapToLong(GoldenFile::toLong).toArray();
            assertArrayEquals(expectedIndices, result.indices(), "indices");
        } else {
            assertNull(result.indices(), "indices were not asked for");
        }
    }

    /** Builds the operator; {@code null} parameters mean PyTorch's defaults. */
    static PoolOp operator(String op, Map<String, Object> p, boolean returnIndices) {
        switch (op) {
            case "max_pool2d":
                return new MaxPool2d(pair(p.get("kernel_size")), pair(p.get("stride")), padding(p.get("padding")),
                        pair(p.get("dilation")), bool(p.get("ceil_mode")), returnIndices);
            case "avg_pool2d":
                return new AvgPool2d(pair(p.get("kernel_size")), pair(p.get("stride")), padding(p.get("padding")),
                        null, bool(p.get("ceil_mode")), p.get("count_include_pad") == null || bool(p.get("count_include_pad")),
                        p.get("divisor_override") == null ? null : GoldenFile.toInt(p.get("divisor_override")));
            case "lp_pool2d":
                return new LpPool2d(GoldenFile.toDouble(p.get("norm_type")), pair(p.get("kernel_size")),
                        pair(p.get("stride")), null, null, bool(p.get("ceil_mode")));
            case "adaptive_max_pool2d": {
                Integer[] size = outputSize(p.get("output_size"));
                return new AdaptiveMaxPool2d(size[0], size[1], returnIndices);
            }
            case "adaptive_avg_pool2d": {
                Integer[] size = outputSize(p.get("output_size"));
                return new AdaptiveAvgPool2d(size[0], size[1]);
            }
            default:
                throw new IllegalArgumentException("unknown op in golden file: " + op);
        }
    }

    /**
     * The case must be rejected when the operator is built or when it meets the input, with an
     * IllegalArgumentException whose message starts with the operator and names the parameter
     * PyTorch complains about (with its value) or, for a too-small output, the input shape.
     */
    private static void expectRejection(String op, Map<String, Object> params, Tensor input, String torchMessage) {
        String message = rejectionMessage(op, params, input);
        assertNotNull(message, "rejection message");
        assertTrue(message.startsWith(op + ": "), () -> "message names the operator first: " + message);
        String[] mustName = offendingParts(op, params, input, torchMessage);
        for (String part : mustName) {
            assertTrue(message.contains(part), () -> "message '" + message + "' should contain '" + part
                    + "' (PyTorch: " + torchMessage + ")");
        }
    }

    private static String rejectionMessage(String op, Map<String, Object> params, Tensor input) {
        PoolOp pool;
        try {
            pool = operator(op, params, false);
        } catch (IllegalArgumentException atConstruction) {
            return atConstruction.getMessage();
        }
        IllegalArgumentException onShape = assertThrows(IllegalArgumentException.class,
                () -> pool.outputShape(input.shape()), "outputShape must reject the input");
        IllegalArgumentException onApply = assertThrows(IllegalArgumentException.class,
                () -> pool.apply(input), "apply must reject the input");
        assertEquals(onShape.getMessage(), onApply.getMessage(), "outputShape and apply agree");
        return onApply.getMessage();
    }

    /** What our message must mention, read from PyTorch's message and the case's parameters. */
    private static String[] offendingParts(String op, Map<String, Object> params, Tensor input, String torch) {
        if (op.startsWith("adaptive_")) {
            Integer[] size = outputSize(params.get("output_size"));
            return new String[] {"output_size", "[" + size[0] + ", " + size[1] + "]"};
        }
        if (torch.contains("Output size is too small")) {
            return new String[] {"input of shape " + Arrays.toString(input.shape()), "too small"};
        }
        if (torch.startsWith("kernel size")) {
            return new String[] {"kernel_size " + pair(params.get("kernel_size")), "greater than zero"};
        }
        if (torch.startsWith("stride")) {
            return new String[] {"stride " + pair(params.get("stride")), "greater than zero"};
        }
        if (torch.startsWith("dilation")) {
            return new String[] {"dilation " + pair(params.get("dilation")), "greater than zero"};
        }
        if (torch.startsWith("pad must be non-negative")) {
            return new String[] {"padding " + pair(params.get("padding")), "non-negative"};
        }
        if (torch.startsWith("pad should be at most half")) {
            return new String[] {"padding " + pair(params.get("padding")), "at most half the effective kernel size"};
        }
        if (torch.startsWith("divisor must be not zero")) {
            return new String[] {"divisor_override " + GoldenFile.toInt(params.get("divisor_override")), "not be zero"};
        }
        fail("no expectation for PyTorch's message: " + torch);
        return new String[0];
    }

    private static void compareValues(ElementType inputType, Object expectedData, Tensor actual, boolean exact) {
        List<?> expected = (List<?>) expectedData;
        assertEquals(expected.size(), actual.size(), "number of output values");
        if (actual.type() == ElementType.FLOAT32) {
            float[] values = actual.floats();
            for (int i = 0; i < values.length; i++) {
                float want = GoldenFile.toFloat(expected.get(i));
                if (exact) {
                    assertSameFloat(want, values[i], i);
                } else {
                    assertClose(want, values[i], 1e-6, i);
                }
            }
        } else if (actual.type() == ElementType.FLOAT64) {
            double[] values = actual.doubles();
            for (int i = 0; i < values.length; i++) {
                double want = GoldenFile.toDouble(expected.get(i));
                if (exact) {
                    assertSameDouble(want, values[i], i);
                } else {
                    assertClose(want, values[i], 1e-12, i);
                }
            }
        } else {
            fail("the golden file holds only float32 and float64 cases, not " + inputType);
        }
    }

    static void assertSameFloat(float want, float got, int at) {
        if (Float.isNaN(want) || Float.isNaN(got)) {
            assertTrue(Float.isNaN(want) && Float.isNaN(got), () -> "value " + at + ": expected " + want + " got " + got);
            return;
        }
        assertEquals(Float.floatToRawIntBits(want), Float.floatToRawIntBits(got),
                () -> "value " + at + ": expected " + want + " got " + got + " (bits differ)");
    }

    static void assertSameDouble(double want, double got, int at) {
        if (Double.isNaN(want) || Double.isNaN(got)) {
            assertTrue(Double.isNaN(want) && Double.isNaN(got), () -> "value " + at + ": expected " + want + " got " + got);
            return;
        }
        assertEquals(Double.doubleToRawLongBits(want), Double.doubleToRawLongBits(got),
                () -> "value " + at + ": expected " + want + " got " + got + " (bits differ)");
    }

    /** Within {@code tolerance * max(1, |expected|)}; NaN only matches NaN, infinities match exactly. */
    static void assertClose(double want, double got, double tolerance, int at) {
        if (Double.isNaN(want) || Double.isNaN(got) || Double.isInfinite(want) || Double.isInfinite(got)) {
            assertTrue(Double.compare(want, got) == 0 || (Double.isNaN(want) && Double.isNaN(got)),
                    () -> "value " + at + ": expected " + want + " got " + got);
            return;
        }
        double allowed = tolerance * Math.max(1.0, Math.abs(want));
        assertTrue(Math.abs(want - got) <= allowed,
                () -> "value " + at + ": expected " + want + " got " + got + " (allowed difference " + allowed + ")");
    }

    private static Tensor tensor(ElementType type, Object data, int[] shape) {
        List<?> values = (List<?>) data;
        if (type == ElementType.FLOAT32) {
            float[] array = new float[values.size()];
            for (int i = 0; i < array.length; i++) {
                array[i] = GoldenFile.toFloat(values.get(i));
            }
            return Tensor.ofFloats(array, shape);
        }
        if (type == ElementType.FLOAT64) {
            double[] array = new double[values.size()];
            for (int i = 0; i < array.length; i++) {
                array[i] = GoldenFile.toDouble(values.get(i));
            }
            return Tensor.ofDoubles(array, shape);
        }
        throw new IllegalArgumentException("the golden file holds only float32 and float64 inputs, not " + type);
    }

    private static int[] ints(Object list) {
        return ((List<?>) list).stream().mapToInt(GoldenFile::toInt).toArray();
    }

    private static IntPair pair(Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof GoldenFile.Num) {
            return IntPair.of(GoldenFile.toInt(value));
        }
        int[] both = ints(value);
        return IntPair.of(both[0], both[1]);
    }

    private static Padding padding(Object value) {
        IntPair pad = pair(value);
        return pad == null ? null : Padding.symmetric(pad.h(), pad.w());
    }

    private static Integer[] outputSize(Object value) {
        if (value instanceof GoldenFile.Num) {
            int both = GoldenFile.toInt(value);
            return new Integer[] {both, both};
        }
        List<?> list = (List<?>) value;
        return new Integer[] {
            list.get(0) == null ? null : GoldenFile.toInt(list.get(0)),
            list.get(1) == null ? null : GoldenFile.toInt(list.get(1))};
    }

    private static boolean bool(Object value) {
        return Boolean.TRUE.equals(value);
    }
}
