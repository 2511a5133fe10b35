package io.tensorpool.config;

import static io.tensorpool.config.Keys.CEIL_MODE;
import static io.tensorpool.config.Keys.COUNT_INCLUDE_PAD;
import static io.tensorpool.config.Keys.DILATION;
import static io.tensorpool.config.Keys.DIVISOR_OVERRIDE;
import static io.tensorpool.config.Keys.KERNEL_SIZE;
import static io.tensorpool.config.Keys.NORM_TYPE;
import static io.tensorpool.config.Keys.OUTPUT_SIZE;
import static io.tensorpool.config.Keys.PADDING;
import static io.tensorpool.config.Keys.RETURN_INDICES;
import static io.tensorpool.config.Keys.STRIDE;

import com.fasterxml.jackson.databind.JsonNode;
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
import io.tensorpool.kernel.PoolPipeline;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Binds {@code ops} to a {@link PoolPipeline}. Checks here every rule the parameters alone can
 * show (sizes at least 1, padding at least 0, ...) so that messages name the key path; the kernel
 * constructors check them again, and their own rules (padding at most half the effective kernel)
 * come back wrapped with the key path of the operator.
 */
final class OpsBinder {

    static final String SIZE = "an int >= 1 or a pair [h, w] of ints >= 1";
    static final String PADDINGS = "an int >= 0, a pair [h, w], a list [top, left, bottom, right] of ints >= 0,"
            + " or one of same, same_lower, valid";
    static final String OUTPUT_SIZES = "an int >= 1 or a pair [h, w] whose entries are ints >= 1"
            + " or null (keep that input size)";
    static final String NORM_TYPES = "a finite number > 0, such as 2";
    static final String DIVISORS = "a non-zero int, or null for none";

    private final Section op;
    private final OpKind kind;
    private final boolean last;

    private OpsBinder(Section op, OpKind kind, boolean last) {
        this.op = op;
        this.kind = kind;
        this.last = last;
    }

    static PoolPipeline bind(JsonNode ops, KeyPath path) {
        if (!ops.isArray()) {
            throw Values.wrong(ops, path, "a list of operators, each an entry such as - op: max_pool2d");
        }
        if (ops.isEmpty()) {
            throw new ConfigProblem(path, "is empty; add at least one operator, e.g. - {op: max_pool2d, kernel_size: 2}");
        }
        List<PoolOp> bound = new ArrayList<>();
        for (int i = 0; i < ops.size(); i++) {
            bound.add(bindOne(ops.get(i), path.index(i), i == ops.size() - 1));
        }
        try {
            return new PoolPipeline(bound);
        } catch (IllegalArgumentException e) {
            throw new ConfigProblem(path, "are rejected: " + e.getMessage(), null, e);
        }
    }

    private static PoolOp bindOne(JsonNode entry, KeyPath path, boolean last) {
        String expected = "a mapping such as {op: max_pool2d, kernel_size: 2}";
        Section untyped = Section.of(entry, path, null, expected);
        OpKind kind = kind(untyped.require(OpKind.OP_KEY, "set it to one of " + String.join(", ", OpKind.names())),
                untyped.at(OpKind.OP_KEY));
        Section op = Section.of(entry, path, kind.opName(), expected);
        op.rejectUnknownKeys(kind.keys(), key -> otherOperatorsKey(kind, key).or(() -> Keys.elsewhere(kind.opName()).apply(key)));
        for (String required : kind.required()) {
            op.require(required, kind.opName() + " needs " + required + ", e.g. " + required + ": "
                    + (required.equals(OUTPUT_SIZE) ? "[7, 7]" : "2"));
        }
        OpsBinder binder = new OpsBinder(op, kind, last);
        return construct(path, kind.opName(), binder::build);
    }

    private static OpKind kind(JsonNode name, KeyPath path) {
        String expected = "one of " + String.join(", ", OpKind.names());
        if (!name.isTextual()) {
            throw Values.wrong(name, path, expected);
        }
        return OpKind.byName(name.asText()).orElseThrow(() -> new ConfigProblem(path, "is " + Values.show(name)
                + "; expected " + expected + Suggestions.nearest(name.asText(), OpKind.names())
                        .map(s -> "; did you mean " + s + "?").orElse("")));
    }

    /** For a parameter of some other operator: which operators take it and what this one takes. */
    private static Optional<String> otherOperatorsKey(OpKind kind, String key) {
        List<String> takers = OpKind.taking(key);
        if (takers.isEmpty()) {
            return Optional.empty();
        }
        String takes = kind.parameters().isEmpty() ? kind.opName() + " takes no parameters"
                : kind.opName() + " takes " + String.join(", ", kind.parameters());
        return Optional.of("is not a parameter of " + kind.opName() + " (only " + joinNames(takers)
                + (takers.size() == 1 ? " takes" : " take") + " it); " + takes);
    }

    private static String joinNames(List<String> names) {
        if (names.size() == 1) {
            return names.get(0);
        }
        return String.join(", ", names.subList(0, names.size() - 1)) + " and " + names.get(names.size() - 1);
    }

    /**
     * Runs a kernel constructor, turning its {@link IllegalArgumentException} into a problem at
     * the operator's key path: {@code ops[0] (max_pool2d): padding [2, 0] must be ...}. The kernel's
     * own "max_pool2d: " prefix is dropped, the key path already names the operator.
     */
    static <T> T construct(KeyPath path, String opName, Supplier<T> constructor) {
        try {
            return constructor.get();
        } catch (IllegalArgumentException e) {
            String message = e.getMessage() == null ? "the parameters are invalid" : e.getMessage();
            String prefix = opName + ": ";
            if (message.startsWith(prefix)) {
                message = message.substring(prefix.length());
            }
            throw new ConfigProblem(path, "(" + opName + "): " + message, null, e);
        }
    }

    private PoolOp build() {
        switch (kind) {
            case MAX_POOL2D: {
                IntPair kernelSize = size(KERNEL_SIZE);
                return new MaxPool2d(kernelSize, stride(kernelSize), padding(), dilation(), flag(CEIL_MODE,
                        Defaults.CEIL_MODE), returnIndices());
            }
            case AVG_POOL2D: {
                IntPair kernelSize = size(KERNEL_SIZE);
                return new AvgPool2d(kernelSize, stride(kernelSize), padding(), dilation(),
                        flag(CEIL_MODE, Defaults.CEIL_MODE), flag(COUNT_INCLUDE_PAD, Defaults.COUNT_INCLUDE_PAD),
                        divisorOverride());
            }
            case LP_POOL2D: {
                double normType = normType();
                IntPair kernelSize = size(KERNEL_SIZE);
                return new LpPool2d(normType, kernelSize, stride(kernelSize), padding(), dilation(),
                        flag(CEIL_MODE, Defaults.CEIL_MODE));
            }
            case ADAPTIVE_MAX_POOL2D: {
                Integer[] outputSize = outputSize();
                return new AdaptiveMaxPool2d(outputSize[0], outputSize[1], returnIndices());
            }
            case ADAPTIVE_AVG_POOL2D: {
                Integer[] outputSize = outputSize();
                return new AdaptiveAvgPool2d(outputSize[0], outputSize[1]);
            }
            case GLOBAL_MAX_POOL2D:
                return new GlobalMaxPool2d(returnIndices());
            case GLOBAL_AVG_POOL2D:
                return new GlobalAvgPool2d();
            case GLOBAL_LP_POOL2D:
                return new GlobalLpPool2d(normType());
            default:
                throw new IllegalStateException("no binding for " + kind);
        }
    }

    private IntPair size(String key) {
        return sizeOrNull(op.get(key), op.at(key));
    }

    /** A size from an int or an {@code [h, w]} pair, each at least 1; {@code null} if {@code value} is not one. */
    private static IntPair sizeOrNull(JsonNode value, KeyPath path) {
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

    /** {@code stride: null}, like PyTorch's {@code stride=None}, means the kernel size. */
    private IntPair stride(IntPair kernelSize) {
        JsonNode value = op.get(STRIDE);
        if (value == null || value.isNull()) {
            return Defaults.stride(kernelSize);
        }
        return sizeOrNull(value, op.at(STRIDE));
    }

    private IntPair dilation() {
        return op.has(DILATION) ? size(DILATION) : Defaults.DILATION;
    }

    private Padding padding() {
        JsonNode value = op.get(PADDING);
        if (value == null) {
            return Defaults.PADDING;
        }
        KeyPath path = op.at(PADDING);
        if (value.isTextual()) {
            switch (value.asText()) {
                case "same":
                    return Padding.Auto.SAME;
                case "same_lower":
                    return Padding.Auto.SAME_LOWER;
                case "valid":
                    return Padding.Auto.VALID;
                default:
                    Optional<String> nearest = Suggestions.nearest(value.asText(), List.of("same", "same_lower", "valid"));
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

    private boolean flag(String key, boolean byDefault) {
        return op.has(key) ? Values.bool(op.get(key), op.at(key)) : byDefault;
    }

    /** Only the last operator may return indices: they index that operator's input. */
    private boolean returnIndices() {
        boolean returnIndices = flag(RETURN_INDICES, Defaults.RETURN_INDICES);
        if (returnIndices && !last) {
            throw new ConfigProblem(op.at(RETURN_INDICES), "is true, but only the last operator may return"
                    + " indices; move " + kind.opName() + " to the end of ops or set return_indices: false");
        }
        return returnIndices;
    }

    private Integer divisorOverride() {
        JsonNode value = op.get(DIVISOR_OVERRIDE);
        if (value == null || value.isNull()) {
            return Defaults.DIVISOR_OVERRIDE;
        }
        Integer divisor = Values.intOrNull(value);
        if (divisor == null || divisor == 0) {
            throw Values.wrong(value, op.at(DIVISOR_OVERRIDE), DIVISORS);
        }
        return divisor;
    }

    private double normType() {
        JsonNode value = op.get(NORM_TYPE);
        Double normType = Values.numberOrNull(value);
        if (normType == null || !Double.isFinite(normType) || normType <= 0) {
            throw Values.wrong(value, op.at(NORM_TYPE), NORM_TYPES);
        }
        return normType;
    }

    /** {@code [height, width]}, either {@code null} to keep that input size. */
    private Integer[] outputSize() {
        JsonNode value = op.get(OUTPUT_SIZE);
        Integer both = Values.intOrNull(value);
        if (both != null && both >= 1) {
            return new Integer[] {both, both};
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
                return sizes;
            }
        }
        throw Values.wrong(value, op.at(OUTPUT_SIZE), OUTPUT_SIZES);
    }
}
