package io.tensorpool.kernel;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Each rejected parameter gives a message naming the operator, the parameter, the value and the
 * rule, at construction when the parameters alone show it and at {@code outputShape} or
 * {@code apply} when it depends on the record's shape.
 */
class ValidationMessagesTest {

    private static String rejection(Executable executable) {
        return assertThrows(IllegalArgumentException.class, executable).getMessage();
    }

    /** The three sliding-window operators built with the same window parameters. */
    private interface SlidingFactory {
        PoolOp create(IntPair kernel, IntPair stride, Padding padding, IntPair dilation);
    }

    private static final String[] SLIDING_NAMES = {"max_pool2d", "avg_pool2d", "lp_pool2d"};
    private static final SlidingFactory[] SLIDING = {
        (k, s, p, d) -> new MaxPool2d(k, s, p, d, false, false),
        (k, s, p, d) -> new AvgPool2d(k, s, p, d, false, true, null),
        (k, s, p, d) -> new LpPool2d(2.0, k, s, p, d, false),
    };

    @Test
    void messagesFromTheContract() {
        assertEquals("max_pool2d: padding [2, 0] must be at most half the effective kernel size [2, 2]",
                rejection(() -> new MaxPool2d(IntPair.of(2), IntPair.of(2), Padding.symmetric(2, 0), null, false, false)));
        assertEquals("max_pool2d: kernel_size [0, 2] must be greater than zero",
                rejection(() -> new MaxPool2d(IntPair.of(0, 2), IntPair.of(1), null, null, false, false)));
        assertEquals("max_pool2d: stride [0, 1] must be greater than zero",
                rejection(() -> new MaxPool2d(IntPair.of(2), IntPair.of(0, 1), null, null, false, false)));
        assertEquals("max_pool2d: dilation [0, 1] must be greater than zero",
                rejection(() -> new MaxPool2d(IntPair.of(2), IntPair.of(1), null, IntPair.of(0, 1), false, false)));
        assertEquals("max_pool2d: padding [-1, 0] must be non-negative",
                rejection(() -> new MaxPool2d(IntPair.of(2), IntPair.of(1), Padding.symmetric(-1, 0), null, false, false)));
        assertEquals("avg_pool2d: divisor_override 0 must not be zero",
                rejection(() -> new AvgPool2d(IntPair.of(2), null, null, null, false, true, 0)));
    }

    @Test
    void everySlidingOperatorChecksTheSameWindowRules() {
        for (int i = 0; i < SLIDING.length; i++) {
            String op = SLIDING_NAMES[i];
            SlidingFactory factory = SLIDING[i];
            List<String> messages = new ArrayList<>();
            messages.add(rejection(() -> factory.create(null, null, null, null)));
            messages.add(rejection(() -> factory.create(IntPair.of(-1, 3), null, null, null)));
            messages.add(rejection(() -> factory.create(IntPair.of(2), IntPair.of(1, -2), null, null)));
            messages.add(rejection(() -> factory.create(IntPair.of(2), null, null, IntPair.of(1, 0))));
            messages.add(rejection(() -> factory.create(IntPair.of(2), null, Padding.of(0, 0, -1, 0), null)));
            messages.add(rejection(() -> factory.create(IntPair.of(3), null, Padding.symmetric(0, 2), null)));
            messages.add(rejection(() -> factory.create(IntPair.of(3), null, Padding.of(0, 0, 3, 0), null)));
            String[] expected = {
                op + ": kernel_size is required",
                op + ": kernel_size [-1, 3] must be greater than zero",
                op + ": stride [1, -2] must be greater than zero",
                op + ": dilation [1, 0] must be greater than zero",
                op + ": padding [0, 0, -1, 0] must be non-negative",
                op + ": padding [0, 2] must be at most half the effective kernel size [3, 3]",
                op + ": padding [0, 0, 3, 0] must be smaller than the effective kernel size [3, 3] on its axis",
            };
            for (int m = 0; m < expected.length; m++) {
                String message = messages.get(m);
                String want = expected[m];
                assertTrue(message.startsWith(want), () -> "expected '" + want + "...' but got '" + message + "'");
            }
        }
    }

    @Test
    void paddingRuleUsesTheDilatedKernelAndPyTorchsIntegerHalf() {
        // kernel 3, dilation 2: effective kernel 5, so padding 2 is allowed and 3 is not.
        assertDoesNotThrow(() -> new MaxPool2d(IntPair.of(3), null, Padding.symmetric(2, 2), IntPair.of(2), false, false));
        assertEquals("max_pool2d: padding [3, 0] must be at most half the effective kernel size [5, 1]",
                rejection(() -> new MaxPool2d(IntPair.of(3, 1), null, Padding.symmetric(3, 0), IntPair.of(2), false, false)));
        // kernel 4: 4 / 2 = 2 is allowed; kernel 3: 3 / 2 = 1, so 2 is not.
        assertDoesNotThrow(() -> new AvgPool2d(IntPair.of(4), null, Padding.symmetric(2, 2), null, false, true, null));
        assertTrue(rejection(() -> new AvgPool2d(IntPair.of(3), null, Padding.symmetric(2, 2), null, false, true, null))
                .startsWith("avg_pool2d: padding [2, 2] must be at most half"));
        // asymmetric padding may exceed half the kernel as long as it stays below it
        assertDoesNotThrow(() -> new MaxPool2d(IntPair.of(3), null, Padding.of(2, 2, 0, 2), null, false, false));
        // automatic padding is always accepted
        for (Padding.Auto mode : Padding.Auto.values()) {
            assertDoesNotThrow(() -> new LpPool2d(2, IntPair.of(5), IntPair.of(3), mode, IntPair.of(3), true));
        }
    }

    @Test
    void symmetricPaddingMustBeSymmetric() {
        String message = rejection(() -> new MaxPool2d(IntPair.of(3), null,
                new Padding.Explicit(1, 0, 0, 0, true), null, false, false));
        assertEquals("max_pool2d: padding [1, 0, 0, 0] is marked symmetric but its before and after counts differ;"
                + " give it as [top, left, bottom, right] instead", message);
    }

    @Test
    void divisorOverrideMayBeNegativeButNotZero() {
        assertDoesNotThrow(() -> new AvgPool2d(IntPair.of(2), null, null, null, false, true, -4));
        assertTrue(rejection(() -> new AvgPool2d(IntPair.of(2), null, null, null, false, false, 0))
                .contains("divisor_override 0"));
    }

    @ParameterizedTest
    @ValueSource(doubles = {0.0, -1.0, Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY})
    void normTypeMustBeFiniteAndPositive(double p) {
        assertEquals("lp_pool2d: norm_type " + p + " must be finite and greater than zero",
                rejection(() -> new LpPool2d(p, IntPair.of(2), null, null, null, false)));
        assertEquals("global_lp_pool2d: norm_type " + p + " must be finite and greater than zero",
                rejection(() -> new GlobalLpPool2d(p)));
    }

    @Test
    void adaptiveOutputSizeEntriesMustBeAtLeastOne() {
        assertEquals("adaptive_avg_pool2d: output_size [0, 2] must have entries of at least 1 (null keeps the input size)",
                rejection(() -> new AdaptiveAvgPool2d(0, 2)));
        assertEquals("adaptive_max_pool2d: output_size [null, -1] must have entries of at least 1 (null keeps the input size)",
                rejection(() -> new AdaptiveMaxPool2d(null, -1, false)));
        assertDoesNotThrow(() -> new AdaptiveMaxPool2d(null, null, true));
    }

    @Test
    void tooSmallInputNamesTheShapeAndTheOutputItWouldGet() {
        MaxPool2d pool = MaxPool2d.of(3);
        int[] shape = {1, 2, 2};
        String message = rejection(() -> pool.outputShape(shape));
        assertEquals("max_pool2d: input of shape [1, 2, 2] is too small: output size would be [0, 0] with kernel_size"
                + " [3, 3], stride [3, 3], padding [0, 0], dilation [1, 1], ceil_mode false; every output axis needs"
                + " at least 1 cell", message);
        assertEquals(message, rejection(() -> pool.apply(Tensor.ofFloats(new float[4], shape))));
    }

    @Test
    void tooSmallWithAutomaticPaddingShowsTheResolvedPadding() {
        AvgPool2d pool = new AvgPool2d(IntPair.of(3), IntPair.of(1), Padding.Auto.VALID, null, false, true, null);
        String message = rejection(() -> pool.outputShape(new int[] {2, 5}));
        assertTrue(message.startsWith("avg_pool2d: input of shape [2, 5] is too small: output size would be [0, 3]"),
                message);
        assertTrue(message.contains("padding valid (resolved to [0, 0, 0, 0])"), message);
    }

    @Test
    void invalidShapesAreRejectedWithTheOperatorsName() {
        PoolOp[] ops = {MaxPool2d.of(1), AvgPool2d.of(1), new LpPool2d(2, IntPair.of(1), null, null, null, false),
            new AdaptiveMaxPool2d(1, 1, false), new AdaptiveAvgPool2d(1, 1), new GlobalMaxPool2d(false),
            new GlobalAvgPool2d(), new GlobalLpPool2d(2)};
        for (PoolOp op : ops) {
            String rank = rejection(() -> op.outputShape(new int[] {1, 1, 1, 2, 2}));
            assertTrue(rank.startsWith(op.opName() + ": shape [1, 1, 1, 2, 2] has rank 5"), rank);
            String empty = rejection(() -> op.outputShape(new int[] {0, 3}));
            assertTrue(empty.startsWith(op.opName() + ": shape [0, 3] has a dimension below 1"), empty);
            assertEquals(op.opName() + ": input tensor is missing", rejection(() -> op.apply(null)));
        }
    }

    @Test
    void pipelineNeedsOperatorsAndIndicesOnlyAtTheEnd() {
        assertEquals("pool pipeline: needs at least one operator", rejection(() -> new PoolPipeline(List.of())));
        assertEquals("pool pipeline: needs at least one operator", rejection(() -> new PoolPipeline(null)));
        List<PoolOp> indicesFirst = List.of(new MaxPool2d(IntPair.of(2), null, null, null, false, true), AvgPool2d.of(2));
        assertEquals("pool pipeline: operator 1 of 2 (max_pool2d) sets return_indices, but only the last operator may"
                + " return indices", rejection(() -> new PoolPipeline(indicesFirst)));
        List<PoolOp> withGap = new ArrayList<>();
        withGap.add(AvgPool2d.of(2));
        withGap.add(null);
        assertEquals("pool pipeline: operator 2 of 2 is missing", rejection(() -> new PoolPipeline(withGap)));
        PoolPipeline indicesLast = new PoolPipeline(List.of(AvgPool2d.of(2), new GlobalMaxPool2d(true)));
        assertTrue(indicesLast.returnsIndices());
    }
}
