package io.tensorpool.config;

import static io.tensorpool.config.OpParameters.ABSOLUTE;
import static io.tensorpool.config.OpParameters.CEIL_MODE;
import static io.tensorpool.config.OpParameters.COUNT_INCLUDE_PAD;
import static io.tensorpool.config.OpParameters.DILATION;
import static io.tensorpool.config.OpParameters.DIVISOR_OVERRIDE;
import static io.tensorpool.config.OpParameters.KERNEL_SIZE;
import static io.tensorpool.config.OpParameters.LEVELS;
import static io.tensorpool.config.OpParameters.NORM_TYPE;
import static io.tensorpool.config.OpParameters.OUTPUT_SIZE;
import static io.tensorpool.config.OpParameters.PADDING;
import static io.tensorpool.config.OpParameters.RETURN_INDICES;
import static io.tensorpool.config.OpParameters.STRIDE;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tensorpool.kernel.AdaptiveAvgPool2d;
import io.tensorpool.kernel.AdaptiveMaxPool2d;
import io.tensorpool.kernel.AvgPool2d;
import io.tensorpool.kernel.GlobalAvgPool2d;
import io.tensorpool.kernel.GlobalLpPool2d;
import io.tensorpool.kernel.GlobalMaxPool2d;
import io.tensorpool.kernel.LpPool2d;
import io.tensorpool.kernel.MaxPool2d;
import io.tensorpool.kernel.PoolOp;
import io.tensorpool.kernel.SpatialPyramidPool2d;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The operators a config can name: for each, the parameters it takes (in PyTorch's order, from
 * {@link OpParameters}), how the kernel record is built from them, and where the record keeps
 * each one for the canonical JSON. The one table binding, rendering and messages read, so that
 * "valid keys" and "which op takes this" agree; only the max-like operators list
 * {@code return_indices}.
 *
 * @param <P> the kernel record
 */
final class OpKind<P extends PoolOp> {

    /** The key that names the operator in each entry of {@code ops}. */
    static final String OP_KEY = "op";

    /**
     * A parameter with where the kernel record keeps it; one added after configs were hashed
     * ({@code omittedUnset}) is left out of the rendering while its renderer gives nothing.
     */
    private record Parameter<P, T>(ConfigKey<T> key, Function<P, T> accessor, boolean omittedUnset) {
        JsonNode render(P op) {
            JsonNode rendered = key.render(accessor.apply(op));
            return rendered == null && !omittedUnset ? JsonNodeFactory.instance.nullNode() : rendered;
        }
    }

    /** The parameters of one entry of {@code ops} as read, for a kernel constructor. */
    static final class Arguments {
        private final Map<ConfigKey<?>, Object> values = new LinkedHashMap<>();

        <T> void put(ConfigKey<T> parameter, T value) {
            values.put(parameter, value);
        }

        @SuppressWarnings("unchecked")
        <T> T get(ConfigKey<T> parameter) {
            if (!values.containsKey(parameter)) {
                throw new IllegalStateException(parameter + " was not read");
            }
            return (T) values.get(parameter);
        }
    }

    static final OpKind<MaxPool2d> MAX_POOL2D = new OpKind<>(MaxPool2d.NAME, MaxPool2d.class,
            List.of(param(KERNEL_SIZE, MaxPool2d::kernelSize), param(STRIDE, MaxPool2d::stride),
                    param(PADDING, MaxPool2d::padding), param(DILATION, MaxPool2d::dilation),
                    param(CEIL_MODE, MaxPool2d::ceilMode), param(RETURN_INDICES, MaxPool2d::returnIndices)),
            a -> new MaxPool2d(a.get(KERNEL_SIZE), a.get(STRIDE), a.get(PADDING), a.get(DILATION), a.get(CEIL_MODE),
                    a.get(RETURN_INDICES)));

    static final OpKind<AvgPool2d> AVG_POOL2D = new OpKind<>(AvgPool2d.NAME, AvgPool2d.class,
            List.of(param(KERNEL_SIZE, AvgPool2d::kernelSize), param(STRIDE, AvgPool2d::stride),
                    param(PADDING, AvgPool2d::padding), param(DILATION, AvgPool2d::dilation),
                    param(CEIL_MODE, AvgPool2d::ceilMode), param(COUNT_INCLUDE_PAD, AvgPool2d::countIncludePad),
                    param(DIVISOR_OVERRIDE, AvgPool2d::divisorOverride)),
            a -> new AvgPool2d(a.get(KERNEL_SIZE), a.get(STRIDE), a.get(PADDING), a.get(DILATION), a.get(CEIL_MODE),
                    a.get(COUNT_INCLUDE_PAD), a.get(DIVISOR_OVERRIDE)));

    static final OpKind<LpPool2d> LP_POOL2D = new OpKind<>(LpPool2d.NAME, LpPool2d.class,
            List.of(param(NORM_TYPE, LpPool2d::normType), param(KERNEL_SIZE, LpPool2d::kernelSize),
                    param(STRIDE, LpPool2d::stride), param(PADDING, LpPool2d::padding),
                    param(DILATION, LpPool2d::dilation), param(CEIL_MODE, LpPool2d::ceilMode),
                    later(ABSOLUTE, LpPool2d::absolute)),
            a -> new LpPool2d(a.get(NORM_TYPE), a.get(KERNEL_SIZE), a.get(STRIDE), a.get(PADDING), a.get(DILATION),
                    a.get(CEIL_MODE), a.get(ABSOLUTE)));

    static final OpKind<AdaptiveMaxPool2d> ADAPTIVE_MAX_POOL2D = new OpKind<>(AdaptiveMaxPool2d.NAME,
            AdaptiveMaxPool2d.class,
            List.of(param(OUTPUT_SIZE, op -> Arrays.asList(op.outputHeight(), op.outputWidth())),
                    param(RETURN_INDICES, AdaptiveMaxPool2d::returnIndices)),
            a -> new AdaptiveMaxPool2d(a.get(OUTPUT_SIZE).get(0), a.get(OUTPUT_SIZE).get(1), a.get(RETURN_INDICES)));

    static final OpKind<AdaptiveAvgPool2d> ADAPTIVE_AVG_POOL2D = new OpKind<>(AdaptiveAvgPool2d.NAME,
            AdaptiveAvgPool2d.class,
            List.of(param(OUTPUT_SIZE, op -> Arrays.asList(op.outputHeight(), op.outputWidth()))),
            a -> new AdaptiveAvgPool2d(a.get(OUTPUT_SIZE).get(0), a.get(OUTPUT_SIZE).get(1)));

    static final OpKind<GlobalMaxPool2d> GLOBAL_MAX_POOL2D = new OpKind<>(GlobalMaxPool2d.NAME, GlobalMaxPool2d.class,
            List.of(param(RETURN_INDICES, GlobalMaxPool2d::returnIndices)),
            a -> new GlobalMaxPool2d(a.get(RETURN_INDICES)));

    static final OpKind<GlobalAvgPool2d> GLOBAL_AVG_POOL2D = new OpKind<>(GlobalAvgPool2d.NAME, GlobalAvgPool2d.class,
            List.of(), a -> new GlobalAvgPool2d());

    static final OpKind<GlobalLpPool2d> GLOBAL_LP_POOL2D = new OpKind<>(GlobalLpPool2d.NAME, GlobalLpPool2d.class,
            List.of(param(NORM_TYPE, GlobalLpPool2d::normType), later(ABSOLUTE, GlobalLpPool2d::absolute)),
            a -> new GlobalLpPool2d(a.get(NORM_TYPE), a.get(ABSOLUTE)));

    static final OpKind<SpatialPyramidPool2d> SPATIAL_PYRAMID_POOL2D = new OpKind<>(SpatialPyramidPool2d.NAME,
            SpatialPyramidPool2d.class, List.of(param(LEVELS, SpatialPyramidPool2d::levels)),
            a -> new SpatialPyramidPool2d(a.get(LEVELS)));

    /** Every operator, in the order messages list them. */
    static final List<OpKind<?>> ALL = List.of(MAX_POOL2D, AVG_POOL2D, LP_POOL2D, ADAPTIVE_MAX_POOL2D,
            ADAPTIVE_AVG_POOL2D, GLOBAL_MAX_POOL2D, GLOBAL_AVG_POOL2D, GLOBAL_LP_POOL2D, SPATIAL_PYRAMID_POOL2D);

    private final String opName;
    private final Class<P> type;
    private final List<Parameter<P, ?>> parameters;
    private final Function<Arguments, P> constructor;

    private OpKind(String opName, Class<P> type, List<Parameter<P, ?>> parameters,
                   Function<Arguments, P> constructor) {
        this.opName = opName;
        this.type = type;
        this.parameters = parameters;
        this.constructor = constructor;
    }

    private static <P, T> Parameter<P, T> param(ConfigKey<T> key, Function<P, T> accessor) {
        return new Parameter<>(key, accessor, false);
    }

    /** A parameter left out of the canonical JSON while unset, so that older configs keep their hash. */
    private static <P, T> Parameter<P, T> later(ConfigKey<T> key, Function<P, T> accessor) {
        return new Parameter<>(key, accessor, true);
    }

    String opName() {
        return opName;
    }

    /** The parameters' definitions, in PyTorch's order. */
    List<ConfigKey<?>> parameterKeys() {
        List<ConfigKey<?>> keys = new ArrayList<>();
        for (Parameter<P, ?> parameter : parameters) {
            keys.add(parameter.key());
        }
        return keys;
    }

    /** The parameters' names, in PyTorch's order. */
    List<String> parameters() {
        List<String> names = new ArrayList<>();
        for (Parameter<P, ?> parameter : parameters) {
            names.add(parameter.key().name());
        }
        return names;
    }

    /** Every key an entry of this op may have: {@code op} and the parameters. */
    List<String> keys() {
        List<String> keys = new ArrayList<>();
        keys.add(OP_KEY);
        keys.addAll(parameters());
        return keys;
    }

    /** True when this operator takes {@code parameter}. */
    boolean takes(ConfigKey<?> parameter) {
        return parameterKeys().contains(parameter);
    }

    /** The kernel record for the arguments read; its constructor checks the rules between them. */
    PoolOp construct(Arguments arguments) {
        return constructor.apply(arguments);
    }

    /** One entry of {@code ops} for the canonical JSON: {@code op} and every parameter, {@code null}s included. */
    ObjectNode render(PoolOp op) {
        P typed = type.cast(op);
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        node.put(OP_KEY, opName);
        for (Parameter<P, ?> parameter : parameters) {
            JsonNode rendered = parameter.render(typed);
            if (rendered != null) {
                node.set(parameter.key().name(), rendered);
            }
        }
        return node;
    }

    static Optional<OpKind<?>> byName(String name) {
        for (OpKind<?> kind : ALL) {
            if (kind.opName.equals(name)) {
                return Optional.of(kind);
            }
        }
        return Optional.empty();
    }

    /** The kind of a kernel record. */
    static OpKind<?> of(PoolOp op) {
        for (OpKind<?> kind : ALL) {
            if (kind.type.isInstance(op)) {
                return kind;
            }
        }
        throw new IllegalStateException("no operator kind for " + op.opName());
    }

    static List<String> names() {
        List<String> names = new ArrayList<>();
        for (OpKind<?> kind : ALL) {
            names.add(kind.opName);
        }
        return names;
    }

    /** The operators that take {@code parameter}. */
    static List<String> taking(String parameter) {
        List<String> names = new ArrayList<>();
        for (OpKind<?> kind : ALL) {
            if (kind.parameters().contains(parameter)) {
                names.add(kind.opName);
            }
        }
        return names;
    }
}
