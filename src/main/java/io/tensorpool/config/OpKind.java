package io.tensorpool.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The operators a config can name and the parameters each takes, with PyTorch's names. The one
 * table both binding and messages read, so that "valid keys" and "which op takes this" agree;
 * only the max-like operators list {@code return_indices}.
 */
enum OpKind {
    MAX_POOL2D("max_pool2d", List.of("kernel_size"),
            List.of("kernel_size", "stride", "padding", "dilation", "ceil_mode", "return_indices")),
    AVG_POOL2D("avg_pool2d", List.of("kernel_size"),
            List.of("kernel_size", "stride", "padding", "dilation", "ceil_mode", "count_include_pad",
                    "divisor_override")),
    LP_POOL2D("lp_pool2d", List.of("norm_type", "kernel_size"),
            List.of("norm_type", "kernel_size", "stride", "padding", "dilation", "ceil_mode")),
    ADAPTIVE_MAX_POOL2D("adaptive_max_pool2d", List.of("output_size"),
            List.of("output_size", "return_indices")),
    ADAPTIVE_AVG_POOL2D("adaptive_avg_pool2d", List.of("output_size"),
            List.of("output_size")),
    GLOBAL_MAX_POOL2D("global_max_pool2d", List.of(),
            List.of("return_indices")),
    GLOBAL_AVG_POOL2D("global_avg_pool2d", List.of(),
            List.of()),
    GLOBAL_LP_POOL2D("global_lp_pool2d", List.of("norm_type"),
            List.of("norm_type"));

    /** The key that names the operator in each entry of {@code ops}. */
    static final String OP_KEY = "op";

    private final String opName;
    private final List<String> required;
    private final List<String> parameters;

    OpKind(String opName, List<String> required, List<String> parameters) {
        this.opName = opName;
        this.required = required;
        this.parameters = parameters;
    }

    String opName() {
        return opName;
    }

    List<String> required() {
        return required;
    }

    /** The parameters, in PyTorch's order. */
    List<String> parameters() {
        return parameters;
    }

    /** Every key an entry of this op may have: {@code op} and the parameters. */
    List<String> keys() {
        List<String> keys = new ArrayList<>();
        keys.add(OP_KEY);
        keys.addAll(parameters);
        return keys;
    }

    static Optional<OpKind> byName(String name) {
        for (OpKind kind : values()) {
            if (kind.opName.equals(name)) {
                return Optional.of(kind);
            }
        }
        return Optional.empty();
    }

    static List<String> names() {
        List<String> names = new ArrayList<>();
        for (OpKind kind : values()) {
            names.add(kind.opName);
        }
        return names;
    }

    /** The operators that take {@code parameter}. */
    static List<String> taking(String parameter) {
        List<String> names = new ArrayList<>();
        for (OpKind kind : values()) {
            if (kind.parameters.contains(parameter)) {
                names.add(kind.opName);
            }
        }
        return names;
    }
}
