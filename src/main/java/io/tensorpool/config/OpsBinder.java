package io.tensorpool.config;

import com.fasterxml.jackson.databind.JsonNode;
import io.tensorpool.kernel.PoolOp;
import io.tensorpool.kernel.PoolPipeline;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Binds {@code ops} to a {@link PoolPipeline}: each entry's operator from {@link OpKind}, its
 * parameters read by their {@link OpParameters} definitions (which check every rule a value alone
 * can show, so that messages name the key path), then the kernel constructor, whose own rules
 * (padding at most half the effective kernel) come back wrapped with the key path of the operator.
 * The one rule between operators, {@code return_indices} on the last only, lives here.
 */
final class OpsBinder {

    private OpsBinder() {
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
        Section untyped = Section.of(entry, path, null, expected, null);
        OpKind<?> kind = kind(untyped.require(OpKind.OP_KEY, "set it to one of " + String.join(", ", OpKind.names())),
                untyped.at(OpKind.OP_KEY));
        Section op = Section.of(entry, path, kind.opName(), expected, null);
        op.rejectUnknownKeys(kind.keys(), key -> otherOperatorsKey(kind, key)
                .or(() -> ConfigKeys.ROOT.elsewhere(kind.opName()).apply(key))
                .or(() -> Suggestions.onnxKey(key)));
        for (ConfigKey<?> parameter : kind.parameterKeys()) {
            if (parameter.required()) {
                op.require(parameter.name(), kind.opName() + " needs " + parameter.name() + ", " + parameter.whenMissing());
            }
        }
        OpKind.Arguments arguments = new OpKind.Arguments();
        for (ConfigKey<?> parameter : kind.parameterKeys()) {
            read(op, parameter, arguments);
        }
        if (kind.takes(OpParameters.RETURN_INDICES) && arguments.get(OpParameters.RETURN_INDICES) && !last) {
            throw new ConfigProblem(op.at(OpParameters.RETURN_INDICES), "is true, but only the last operator may"
                    + " return indices; move " + kind.opName() + " to the end of ops or set return_indices: false");
        }
        return construct(path, kind.opName(), () -> kind.construct(arguments));
    }

    private static <T> void read(Section op, ConfigKey<T> parameter, OpKind.Arguments arguments) {
        arguments.put(parameter, op.has(parameter) ? parameter.read(op.get(parameter.name()), op.at(parameter))
                : parameter.defaultValue());
    }

    private static OpKind<?> kind(JsonNode name, KeyPath path) {
        String expected = "one of " + String.join(", ", OpKind.names());
        if (!name.isTextual()) {
            throw Values.wrong(name, path, expected);
        }
        return OpKind.byName(name.asText()).orElseThrow(() -> new ConfigProblem(path, "is " + Values.show(name)
                + "; expected " + expected + Suggestions.nearest(name.asText(), OpKind.names())
                        .map(s -> "; did you mean " + s + "?").orElse("")));
    }

    /** For a parameter of some other operator: which operators take it and what this one takes. */
    private static Optional<String> otherOperatorsKey(OpKind<?> kind, String key) {
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
}
