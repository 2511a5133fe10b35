package io.tensorpool.config;

import static io.tensorpool.config.ConfigTesting.opsError;
import static io.tensorpool.config.ConfigTesting.withOps;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tensorpool.kernel.AdaptiveAvgPool2d;
import io.tensorpool.kernel.AdaptiveMaxPool2d;
import io.tensorpool.kernel.AvgPool2d;
import io.tensorpool.kernel.GlobalAvgPool2d;
import io.tensorpool.kernel.GlobalLpPool2d;
import io.tensorpool.kernel.GlobalMaxPool2d;
import io.tensorpool.kernel.IntPair;
import io.tensorpool.kernel.LpPool2d;
import io.tensorpool.kernel.MaxPool2d;
import io.tensorpool.kernel.Padding;
import io.tensorpool.kernel.PoolOp;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The ops section: every operator, every parameter form, every rule. Ops start on line 4. */
class OpsConfigTest {

    private static final String PREFIX = "Cannot load config job.yaml: ";
    private static final String SIZE = "expected an int >= 1 or a pair [h, w] of ints >= 1";

    private static List<PoolOp> ops(String ops) {
        return withOps(ops).pipeline().ops();
    }

    @Test
    void everyOperatorBindsWithPyTorchDefaults() {
        List<PoolOp> ops = ops("""
                ops:
                  - {op: max_pool2d, kernel_size: 3}
                  - {op: avg_pool2d, kernel_size: 2}
                  - {op: lp_pool2d, norm_type: 2, kernel_size: [2, 3]}
                  - {op: adaptive_max_pool2d, output_size: 7}
                  - {op: adaptive_avg_pool2d, output_size: [null, 5]}
                  - {op: global_lp_pool2d, norm_type: 1.5}
                  - {op: global_avg_pool2d}
                  - {op: global_max_pool2d, return_indices: true}
                """);

        assertEquals(List.of(
                new MaxPool2d(IntPair.of(3), IntPair.of(3), Padding.NONE, IntPair.of(1), false, false),
                new AvgPool2d(IntPair.of(2), IntPair.of(2), Padding.NONE, IntPair.of(1), false, true, null),
                new LpPool2d(2.0, IntPair.of(2, 3), IntPair.of(2, 3), Padding.NONE, IntPair.of(1), false),
                new AdaptiveMaxPool2d(7, 7, false),
                new AdaptiveAvgPool2d(null, 5),
                new GlobalLpPool2d(1.5),
                new GlobalAvgPool2d(),
                new GlobalMaxPool2d(true)), ops);
    }

    @Test
    void everyParameterIsBound() {
        List<PoolOp> ops = ops("""
                ops:
                  - op: avg_pool2d
                    kernel_size: [3, 2]
                    stride: [2, 1]
                    padding: [1, 0]
                    dilation: 2
                    ceil_mode: true
                    count_include_pad: false
                    divisor_override: -4
                  - {op: adaptive_max_pool2d, output_size: [4, null], return_indices: true}
                """);

        assertEquals(new AvgPool2d(IntPair.of(3, 2), IntPair.of(2, 1), Padding.symmetric(1, 0), IntPair.of(2),
                true, false, -4), ops.get(0));
        assertEquals(new AdaptiveMaxPool2d(4, null, true), ops.get(1));
    }

    @Test
    void nullStrideMeansTheKernelSizeAsInPyTorch() {
        assertEquals(MaxPool2d.of(3), ops("ops:\n  - {op: max_pool2d, kernel_size: 3, stride: null}\n").get(0));
    }

    @Test
    void paddingTakesEveryForm() {
        List<PoolOp> ops = ops("""
                ops:
                  - {op: max_pool2d, kernel_size: 3, padding: 1}
                  - {op: max_pool2d, kernel_size: 3, padding: [1, 0]}
                  - {op: max_pool2d, kernel_size: 3, padding: [0, 1, 1, 2]}
                  - {op: max_pool2d, kernel_size: 3, padding: same}
                  - {op: max_pool2d, kernel_size: 3, padding: same_lower}
                  - {op: max_pool2d, kernel_size: 3, padding: valid}
                """);

        assertEquals(List.of(Padding.symmetric(1, 1), Padding.symmetric(1, 0), Padding.of(0, 1, 1, 2),
                Padding.Auto.SAME, Padding.Auto.SAME_LOWER, Padding.Auto.VALID),
                ops.stream().map(op -> ((MaxPool2d) op).padding()).toList());
    }

    @ParameterizedTest(name = "kernel_size: {0}")
    @CsvSource(delimiter = '|', value = {
        "2.5           | 2.5",
        "3.0           | 3.0",
        "'\"3\"'       | \"3\" (a string)",
        "[2, 2, 2]     | [2, 2, 2]",
        "[2]           | [2]",
        "0             | 0",
        "[2, 0]        | [2, 0]",
        "-1            | -1",
        "true          | true",
        "null          | null",
        "99999999999   | 99999999999",
        "{h: 2, w: 2}  | {h: 2, w: 2} (a mapping)",
    })
    void kernelSizeMustBeAPositiveIntOrPair(String written, String shown) {
        String hint = written.equals("\"3\"") ? "; write it without quotes" : "";
        assertEquals(PREFIX + "ops[0].kernel_size is " + shown + "; " + SIZE + hint + " (line 6)",
                opsError("ops:\n  - op: max_pool2d\n    kernel_size: " + written + "\n"));
    }

    @Test
    void secondOpIsNamedByItsIndex() {
        assertEquals(PREFIX + "ops[1].kernel_size is 2.5; " + SIZE + " (line 6)",
                opsError("ops:\n  - {op: max_pool2d, kernel_size: 2}\n  - {op: avg_pool2d, kernel_size: 2.5}\n"));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(delimiter = '|', value = {
        "stride            | 0         | an int >= 1 or a pair [h, w] of ints >= 1",
        "stride            | [1, 0]    | an int >= 1 or a pair [h, w] of ints >= 1",
        "dilation          | 0         | an int >= 1 or a pair [h, w] of ints >= 1",
        "dilation          | null      | an int >= 1 or a pair [h, w] of ints >= 1",
        "padding           | -1        | an int >= 0, a pair [h, w], a list [top, left, bottom, right] of ints >= 0, or one of same, same_lower, valid",
        "padding           | [1, 1, 1] | an int >= 0, a pair [h, w], a list [top, left, bottom, right] of ints >= 0, or one of same, same_lower, valid",
        "padding           | [0, -1]   | an int >= 0, a pair [h, w], a list [top, left, bottom, right] of ints >= 0, or one of same, same_lower, valid",
        "ceil_mode         | 1         | true or false",
        "ceil_mode         | null      | true or false",
        "return_indices    | 'no'      | true or false",
    })
    void windowParametersAreChecked(String key, String written, String expected) {
        String shown = written.equals("no") ? "\"no\" (a string)" : written;
        assertEquals(PREFIX + "ops[0]." + key + " is " + shown + "; expected " + expected + " (line 7)",
                opsError("ops:\n  - op: max_pool2d\n    kernel_size: 3\n    " + key + ": " + written + "\n"));
    }

    @Test
    void yesIsAStringNotABoolean() {
        assertEquals(PREFIX + "ops[0].ceil_mode is \"yes\" (a string); expected true or false (line 7)",
                opsError("ops:\n  - op: max_pool2d\n    kernel_size: 2\n    ceil_mode: yes\n"));
        assertEquals(PREFIX + "ops[0].ceil_mode is \"true\" (a string); expected true or false;"
                + " write it without quotes (line 7)",
                opsError("ops:\n  - op: max_pool2d\n    kernel_size: 2\n    ceil_mode: \"true\"\n"));
    }

    @Test
    void misspelledPaddingModeGetsASuggestion() {
        assertEquals(PREFIX + "ops[0].padding is \"sme\"; expected an int >= 0, a pair [h, w], a list [top, left,"
                + " bottom, right] of ints >= 0, or one of same, same_lower, valid; did you mean same? (line 5)",
                opsError("ops:\n  - {op: max_pool2d, kernel_size: 3, padding: sme}\n"));
    }

    @ParameterizedTest(name = "output_size: {0}")
    @CsvSource(delimiter = '|', value = {"0", "[0, null]", "[2, 2, 2]", "null", "[2.5, 1]"})
    void outputSizeEntriesAreAtLeastOneOrNull(String written) {
        assertEquals(PREFIX + "ops[0].output_size is " + written + "; expected an int >= 1 or a pair [h, w] whose"
                + " entries are ints >= 1 or null (keep that input size) (line 6)",
                opsError("ops:\n  - op: adaptive_avg_pool2d\n    output_size: " + written + "\n"));
    }

    @Test
    void divisorOverrideIsNonZero() {
        assertEquals(PREFIX + "ops[0].divisor_override is 0; expected a non-zero int, or null for none (line 5)",
                opsError("ops:\n  - {op: avg_pool2d, kernel_size: 2, divisor_override: 0}\n"));
        assertEquals(null, ((AvgPool2d) ops("ops:\n  - {op: avg_pool2d, kernel_size: 2, divisor_override: null}\n")
                .get(0)).divisorOverride());
    }

    @ParameterizedTest(name = "norm_type: {0}")
    @CsvSource(delimiter = '|', value = {"0 | 0", "-2 | -2", "1e999 | Infinity", "'\"2\"' | \"2\" (a string)"})
    void normTypeIsAFinitePositiveNumber(String written, String shown) {
        String hint = written.equals("\"2\"") ? "; write it without quotes" : "";
        assertEquals(PREFIX + "ops[0].norm_type is " + shown + "; expected a finite number > 0, such as 2" + hint
                + " (line 5)", opsError("ops:\n  - {op: global_lp_pool2d, norm_type: " + written + "}\n"));
    }

    @Test
    void requiredParametersAreNamed() {
        assertEquals(PREFIX + "ops[0].kernel_size is missing; max_pool2d needs kernel_size, e.g. kernel_size: 2 (line 5)",
                opsError("ops:\n  - op: max_pool2d\n    stride: 2\n"));
        assertEquals(PREFIX + "ops[0].norm_type is missing; lp_pool2d needs norm_type, e.g. norm_type: 2 (line 5)",
                opsError("ops:\n  - {op: lp_pool2d, kernel_size: 2}\n"));
        assertEquals(PREFIX + "ops[0].output_size is missing; adaptive_max_pool2d needs output_size,"
                + " e.g. output_size: [7, 7] (line 5)", opsError("ops:\n  - {op: adaptive_max_pool2d}\n"));
    }

    @Test
    void opNameIsRequiredAndChecked() {
        String names = "max_pool2d, avg_pool2d, lp_pool2d, adaptive_max_pool2d, adaptive_avg_pool2d,"
                + " global_max_pool2d, global_avg_pool2d, global_lp_pool2d, spatial_pyramid_pool2d";
        assertEquals(PREFIX + "ops[0].op is missing; set it to one of " + names + " (line 5)",
                opsError("ops:\n  - kernel_size: 2\n"));
        assertEquals(PREFIX + "ops[0].op is \"maxpool2d\"; expected one of " + names + "; did you mean max_pool2d? (line 5)",
                opsError("ops:\n  - {op: maxpool2d, kernel_size: 2}\n"));
        assertEquals(PREFIX + "ops[0].op is \"MaxPool2d\"; expected one of " + names + "; did you mean max_pool2d? (line 5)",
                opsError("ops:\n  - {op: MaxPool2d, kernel_size: 2}\n"));
        assertEquals(PREFIX + "ops[0].op is \"conv2d\"; expected one of " + names + " (line 5)",
                opsError("ops:\n  - {op: conv2d, kernel_size: 2}\n"));
    }

    @Test
    void misspelledParameterGetsTheNearestSpelling() {
        assertEquals(PREFIX + "ops[0].kernel_sise is not a key of max_pool2d; did you mean kernel_size? (line 6)",
                opsError("ops:\n  - op: max_pool2d\n    kernel_sise: 3\n"));
        assertEquals(PREFIX + "ops[0].kernelSize is not a key of max_pool2d; did you mean kernel_size? (line 6)",
                opsError("ops:\n  - op: max_pool2d\n    kernelSize: 3\n"));
        assertEquals(PREFIX + "ops[0].stirde is not a key of avg_pool2d; did you mean stride? (line 5)",
                opsError("ops:\n  - {op: avg_pool2d, kernel_size: 2, stirde: 1}\n"));
    }

    @Test
    void parameterOfAnotherOperatorSaysWhoTakesIt() {
        assertEquals(PREFIX + "ops[0].count_include_pad is not a parameter of max_pool2d (only avg_pool2d takes it);"
                + " max_pool2d takes kernel_size, stride, padding, dilation, ceil_mode, return_indices (line 5)",
                opsError("ops:\n  - {op: max_pool2d, kernel_size: 2, count_include_pad: false}\n"));
        assertEquals(PREFIX + "ops[0].kernel_size is not a parameter of global_avg_pool2d (only max_pool2d, avg_pool2d"
                + " and lp_pool2d take it); global_avg_pool2d takes no parameters (line 5)",
                opsError("ops:\n  - {op: global_avg_pool2d, kernel_size: 2}\n"));
    }

    @Test
    void returnIndicesOnlyOnMaxLikeOperators() {
        assertEquals(PREFIX + "ops[0].return_indices is not a parameter of avg_pool2d (only max_pool2d,"
                + " adaptive_max_pool2d and global_max_pool2d take it); avg_pool2d takes kernel_size, stride, padding,"
                + " dilation, ceil_mode, count_include_pad, divisor_override (line 5)",
                opsError("ops:\n  - {op: avg_pool2d, kernel_size: 2, return_indices: true}\n"));
    }

    @Test
    void returnIndicesOnlyOnTheLastOperator() {
        assertEquals(PREFIX + "ops[0].return_indices is true, but only the last operator may return indices;"
                + " move max_pool2d to the end of ops or set return_indices: false (line 5)",
                opsError("ops:\n  - {op: max_pool2d, kernel_size: 2, return_indices: true}\n"
                        + "  - {op: global_avg_pool2d}\n"));
        assertTrue(withOps("ops:\n  - {op: max_pool2d, kernel_size: 2, return_indices: false}\n"
                + "  - {op: max_pool2d, kernel_size: 2, return_indices: true}\n").pipeline().returnsIndices());
    }

    @Test
    void opsMustBeANonEmptyListOfMappings() {
        assertEquals(PREFIX + "ops is empty; add at least one operator, e.g. - {op: max_pool2d, kernel_size: 2} (line 4)",
                opsError("ops: []\n"));
        assertEquals(PREFIX + "ops is {op: \"max_pool2d\", kernel_size: 2} (a mapping); expected a list of operators,"
                + " each an entry such as - op: max_pool2d (line 4)",
                opsError("ops:\n  op: max_pool2d\n  kernel_size: 2\n"));
        assertEquals(PREFIX + "ops[0] is \"max_pool2d\" (a string); expected a mapping such as"
                + " {op: max_pool2d, kernel_size: 2} (line 5)", opsError("ops:\n  - max_pool2d\n"));
        assertEquals(PREFIX + "ops is missing; add the list of pooling operators,"
                + " e.g. ops: [{op: max_pool2d, kernel_size: 2}]", ConfigTesting.error(ConfigTesting.INPUT + ConfigTesting.OUTPUT));
    }

    /**
     * kernel_size 0 is refused here and, once the kernels validate, by MaxPool2d's constructor too:
     * either way the message starts with the key path.
     */
    @Test
    void parameterTheKernelRejectsIsReportedAtItsKeyPath() {
        assertTrue(opsError("ops:\n  - {op: max_pool2d, kernel_size: 0}\n").startsWith(PREFIX + "ops[0]"));
    }

    @Test
    void kernelConstructorRejectionIsWrappedWithTheOperatorsKeyPath() {
        IllegalArgumentException rejection = new IllegalArgumentException(
                "max_pool2d: padding [2, 0] must be at most half the effective kernel size [2, 2]");
        ConfigProblem problem = assertThrows(ConfigProblem.class, () -> OpsBinder.construct(
                KeyPath.of("ops").index(0), "max_pool2d", () -> {
                    throw rejection;
                }));

        assertEquals("ops[0]", problem.path().toString());
        assertEquals("(max_pool2d): padding [2, 0] must be at most half the effective kernel size [2, 2]",
                problem.detail());
        assertSame(rejection, problem.getCause());
    }
}
