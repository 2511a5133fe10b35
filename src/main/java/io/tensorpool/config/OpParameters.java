package io.tensorpool.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.tensorpool.kernel.IntPair;
import io.tensorpool.kernel.Padding;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The operator parameters, each defined once with PyTorch's name and default, the reader that
 * checks every rule the value alone can show (sizes at least 1, padding at least 0, ...), and its
 * canonical rendering. {@link OpKind} lists which operator takes which; the kernel constructors
 * check the rules again, and their own rules between parameters.
 */
final class OpParameters {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    static final String SIZE = "an int >= 1 or a pair [h, w] of ints >= 1";
    static final String PADDINGS = "an int >= 0, a pair [h, w], a list [top, left, bottom, right] of ints >= 0,"
            + " or one of same, same_lower, valid";
    static final String OUTPUT_SIZES = "an int >= 1 or a pair [h, w] whose entries are ints >= 1"
            + " or null (keep that input size)";
    static final String NORM_TYPES = "a finite number > 0, such as 2";
    static final String DIVISORS = "a non-zero int, or null for none";
    private static final List<String> AUTO_PADDINGS = List.of("same", "same_lower", "valid");

    /** {@code kernel_size}: the window, an int or {@code [h, w]}. Required. */
    static final ConfigKey<IntPair> KERNEL_SIZE = required("kernel_size", "e.g. kernel_size: 2",
            OpParameters::size, OpParameters::pair);

    /** {@code stride}: the step between windows; the kernel size when absent or {@code null}, as in PyTorch. */
    static final ConfigKey<IntPair> STRIDE = optional("stride", null,
            (value, path) -> value.isNull() ? null : size(value, path), OpParameters::pair);

    /** {@code padding}: an int, {@code [h, w]}, {@code [top, left, bottom, right]}, or same, same_lower, valid; none by default. */
    static final ConfigKey<Padding> PADDING = optional("padding", Padding.NONE, OpParameters::padding,
            OpParameters::padding);

    /** {@code dilation}: the spacing of a window's taps, 1 by default. */
    static final ConfigKey<IntPair> DILATION = optional("dilation", IntPair.of(1), OpParameters::size,
            OpParameters::pair);

    /** {@code ceil_mode}: round output sizes up, as PyTorch's; false by default. */
    static final ConfigKey<Boolean> CEIL_MODE = optional("ceil_mode", false, Values::bool, NODES::booleanNode);

    /** {@code return_indices}: also write PyTorch's indices of each maximum; false by default, last operator only. */
    static final ConfigKey<Boolean> RETURN_INDICES = optional("return_indices", false, Values::bool,
            NODES::booleanNode);

    /** {@code count_include_pad}: whether padding counts in an average's divisor; true by default. */
    static final ConfigKey<Boolean> COUNT_INCLUDE_PAD = optional("count_include_pad", true, Values::bool,
            NODES::booleanNode);

    /** {@code divisor_override}: a non-zero divisor for every window instead of its size; none by default. */
    static final ConfigKey<Integer> DIVISOR_OVERRIDE = optional("divisor_override", null,
            OpParameters::divisor, NODES::numberNode);

    /** {@code norm_type}: p of an Lp norm, finite and above 0. Required. */
    static final ConfigKey<Double> NORM_TYPE = required("norm_type", "e.g. norm_type: 2", OpParameters::normType,
            NODES::numberNode);

    /**
     * {@code output_size}: the bins of an adaptive operator, an int or {@code [h, w]} where either
     * may be {@code null} to keep that input size. Required.
     */
    static final ConfigKey<List<Integer>> OUTPUT_SIZE = required("output_size", "e.g. output_size: [7, 7]",
            OpParameters::outputSize, OpParameters::outputSize);

    /**
     * {@code absolute}: ONNX's Lp rule, {@code (sum |x|^p)^(1/p)}, instead of PyTorch's
     * {@code (sum x^p)^(1/p)}; false by default. Left out of the canonical JSON while false, so
     * that configs that do not write it keep their {@code config_hash}.
     */
    static final ConfigKey<Boolean> ABSOLUTE = optional("absolute", false, Values::bool,
            value -> value ? NODES.booleanNode(true) : null);

    /**
     * {@code levels}: the bins per side of each level of a spatial pyramid, in output order, each
     * an int >= 1. Required.
     */
    static final ConfigKey<List<Integer>> LEVELS = required("levels", "e.g. levels: [1, 2, 4]",
            OpParameters::levels, OpParameters::intList);

    private OpParameters() {
    }

    private static <T> ConfigKey<T> required(String name, String example, ConfigKey.Reader<T> reader,
                                             java.util.function.Function<T, JsonNode> renderer) {
        return new ConfigKey<>(null, name, null, example, reader, renderer);
    }

    private static <T> ConfigKey<T> optional(String name, T defaultValue, ConfigKey.Reader<T> reader,
                                             java.util.function.Function<T, JsonNode> renderer) {
        return new ConfigKey<>(null, name, defaultValue, null, reader, renderer);
    }

    /** A size from an int or an {@code [h, w]} pair, each at least 1. */
    private static IntPair size(JsonNode value, KeyPath path) {
        Integer both = Values.intOrNull(value);
        if (both != null && both >= 1) {
            return IntPair.of(both);
        }
        if (value.isArray() && value.size() == 2) {
            Integer h = Values.intOrNull(value.get(0));
            Integer w = Values.intOrNull(value.get(1));
            if (h != null && w != null && h >= 1 && w >= 1) {
                return IntPair.of(h, w);
            }
        }
        throw Values.wrong(value, path, SIZE);
    }

    private static ArrayNode pair(IntPair pair) {
        return NODES.arrayNode().add(pair.h()).add(pair.w());
    }

    private static Padding padding(JsonNode value, KeyPath path) {
        if (value.isTextual()) {
            switch (value.asText()) {
                case "same":
                    return Padding.Auto.SAME;
                case "same_lower":
                    return Padding.Auto.SAME_LOWER;
                case "valid":
                    return Padding.Auto.VALID;
                default:
                    Optional<String> onnx = Suggestions.onnxPadding(value.asText());
                    if (onnx.isPresent()) {
                        throw new ConfigProblem(path, "is " + Values.show(value) + ", ONNX's spelling; expected "
                                + PADDINGS + "; did you mean " + onnx.get() + "?");
                    }
                    Optional<String> nearest = Suggestions.nearest(value.asText(), AUTO_PADDINGS);
                    if (nearest.isPresent()) {
                        throw new ConfigProblem(path, "is " + Values.show(value) + "; expected " + PADDINGS
                                + "; did you mean " + nearest.get() + "?");
                    }
                    throw Values.wrong(value, path, PADDINGS);
            }
        }
        Integer both = Values.intOrNull(value);
        if (both != null && both >= 0) {
            return Padding.symmetric(both, both);
        }
        if (value.isArray() && (value.size() == 2 || value.size() == 4)) {
            int[] counts = new int[value.size()];
            for (int i = 0; i < counts.length; i++) {
                Integer count = Values.intOrNull(value.get(i));
                if (count == null || count < 0) {
                    throw Values.wrong(value, path, PADDINGS);
                }
                counts[i] = count;
            }
            return counts.length == 2 ? Padding.symmetric(counts[0], counts[1])
                    : Padding.of(counts[0], counts[1], counts[2], counts[3]);
        }
        throw Values.wrong(value, path, PADDINGS);
    }

    /**
     * Padding as written: {@code [h, w]} (PyTorch's symmetric form, held to its half-kernel rule)
     * and {@code [top, left, bottom, right]} stay distinct, as they do in the kernel's {@link Padding}.
     */
    private static JsonNode padding(Padding padding) {
        if (padding instanceof Padding.Explicit explicit) {
            ArrayNode counts = NODES.arrayNode().add(explicit.top()).add(explicit.left());
            return explicit.symmetric() ? counts : counts.add(explicit.bottom()).add(explicit.right());
        }
        return NODES.textNode(padding.toString()); // same, same_lower, valid
    }

    private static Integer divisor(JsonNode value, KeyPath path) {
        if (value.isNull()) {
            return null;
        }
        Integer divisor = Values.intOrNull(value);
        if (divisor == null || divisor == 0) {
            throw Values.wrong(value, path, DIVISORS);
        }
        return divisor;
    }

    private static double normType(JsonNode value, KeyPath path) {
        Double normType = Values.numberOrNull(value);
        if (normType == null || !Double.isFinite(normType) || normType <= 0) {
            throw Values.wrong(value, path, NORM_TYPES);
        }
        return normType;
    }

    /** {@code [height, width]}, either {@code null} to keep that input size. */
    private static List<Integer> outputSize(JsonNode value, KeyPath path) {
        Integer both = Values.intOrNull(value);
        if (both != null && both >= 1) {
            return List.of(both, both);
        }
        if (value.isArray() && value.size() == 2) {
            Integer[] sizes = new Integer[2];
            boolean valid = true;
            for (int i = 0; i < 2; i++) {
                JsonNode entry = value.get(i);
                sizes[i] = Values.intOrNull(entry);
                valid &= entry.isNull() || (sizes[i] != null && sizes[i] >= 1);
            }
            if (valid) {
                return Arrays.asList(sizes);
            }
        }
        throw Values.wrong(value, path, OUTPUT_SIZES);
    }

    private static List<Integer> levels(JsonNode value, KeyPath path) {
        String expected = "a non-empty list of ints >= 1, such as [1, 2, 4]";
        if (!value.isArray() || value.isEmpty()) {
            throw Values.wrong(value, path, expected);
        }
        List<Integer> levels = new java.util.ArrayList<>();
        for (JsonNode entry : value) {
            Integer level = Values.intOrNull(entry);
            if (level == null || level < 1) {
                throw Values.wrong(value, path, expected);
            }
            levels.add(level);
        }
        return List.copyOf(levels);
    }

    private static ArrayNode intList(List<Integer> values) {
        ArrayNode node = NODES.arrayNode();
        values.forEach(node::add);
        return node;
    }

    private static ArrayNode outputSize(List<Integer> size) {
        ArrayNode node = NODES.arrayNode();
        for (Integer entry : size) {
            if (entry == null) {
                node.addNull();
            } else {
                node.add(entry.intValue());
            }
        }
        return node;
    }
}
