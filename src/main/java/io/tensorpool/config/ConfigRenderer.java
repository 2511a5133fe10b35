package io.tensorpool.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;

/**
 * Renders an effective {@link JobConfig} in the config file's own vocabulary, with every default
 * filled in, as a canonical JSON tree: keys sorted at every level, sizes as pairs {@code [h, w]},
 * numbers of {@code norm_type} and {@code max_bad_fraction} as floats, keys that do not apply to
 * the layout or policy left out. Two configs render alike exactly when they bind to equal
 * records, so {@code kernel_size: 3} and {@code kernel_size: [3, 3]}, an absent {@code stride}
 * and {@code stride: null}, or {@code compression: none} and {@code uncompressed} hash the same.
 * Padding is the one place where spelling counts: {@code [h, w]} (PyTorch's symmetric form, held
 * to its half-kernel rule) and {@code [top, left, bottom, right]} stay distinct, as they do in
 * the kernel's {@link Padding}.
 *
 * <p>The rendering is itself a valid config: loading it gives back an equal {@link JobConfig}.
 */
public final class ConfigRenderer {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final ObjectMapper JSON = new ObjectMapper();

    private ConfigRenderer() {
    }

    /** The effective config as a JSON tree with sorted keys, to embed in a report or manifest. */
    public static ObjectNode toTree(JobConfig config) {
        ObjectNode root = NODES.objectNode();
        root.set(Keys.INPUT, input(config.input()));
        ArrayNode ops = root.putArray(Keys.OPS);
        for (PoolOp op : config.pipeline().ops()) {
            ops.add(op(op));
        }
        root.set(Keys.OUTPUT, output(config.output()));
        root.set(Keys.ERRORS, errors(config.errors()));
        return (ObjectNode) sorted(root);
    }

    /** {@link #toTree} as compact JSON. */
    public static String canonicalJson(JobConfig config) {
        try {
            return JSON.writeValueAsString(toTree(config));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot render a JSON tree as text", e);
        }
    }

    /** Lower-case hex SHA-256 of {@code text} in UTF-8. */
    public static String sha256Hex(String text) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(digest.digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    private static ObjectNode input(InputConfig input) {
        ObjectNode node = NODES.objectNode();
        node.put(Keys.PATH, input.path());
        node.put(Keys.FORMAT, input.format().configName());
        TensorSpec tensor = input.tensor();
        ObjectNode spec = node.putObject(Keys.TENSOR);
        spec.put(Keys.COLUMN, tensor.column());
        spec.put(Keys.LAYOUT, tensor.layout().configName());
        if (tensor.shapeColumn() != null) {
            spec.put(Keys.SHAPE_COLUMN, tensor.shapeColumn());
        }
        if (tensor.shape() != null) {
            ArrayNode shape = spec.putArray(Keys.SHAPE);
            tensor.shape().forEach(shape::add);
        }
        putName(spec, Keys.DTYPE, tensor.dtype());
        putName(spec, Keys.DIM_ORDER, tensor.dimOrder());
        putName(spec, Keys.CHANNEL_ORDER, tensor.channelOrder());
        return node;
    }

    private static ObjectNode output(OutputConfig output) {
        ObjectNode node = NODES.objectNode();
        node.put(Keys.PATH, output.path());
        putName(node, Keys.MODE, output.mode());
        putName(node, Keys.COMPRESSION, output.compression());
        putName(node, Keys.LAYOUT, output.layout());
        putName(node, Keys.DTYPE, output.dtype());
        putName(node, Keys.WRITER, output.writer());
        return node;
    }

    private static ObjectNode errors(ErrorPolicy errors) {
        ObjectNode node = NODES.objectNode();
        putName(node, Keys.ON_BAD_RECORD, errors.onBadRecord());
        if (errors.quarantinePath() != null) {
            node.put(Keys.QUARANTINE_PATH, errors.quarantinePath());
        }
        node.put(Keys.MAX_BAD_FRACTION, errors.maxBadFraction());
        return node;
    }

    private static void putName(ObjectNode node, String key, ConfigEnum value) {
        if (value != null) {
            node.put(key, value.configName());
        }
    }

    /** One operator with all its parameters, under the names {@link OpKind} lists for it. */
    static ObjectNode op(PoolOp op) {
        ObjectNode node = NODES.objectNode();
        node.put(OpKind.OP_KEY, op.opName());
        if (op instanceof MaxPool2d max) {
            window(node, max.kernelSize(), max.stride(), max.padding(), max.dilation(), max.ceilMode());
            node.put(Keys.RETURN_INDICES, max.returnIndices());
        } else if (op instanceof AvgPool2d avg) {
            window(node, avg.kernelSize(), avg.stride(), avg.padding(), avg.dilation(), avg.ceilMode());
            node.put(Keys.COUNT_INCLUDE_PAD, avg.countIncludePad());
            if (avg.divisorOverride() == null) {
                node.putNull(Keys.DIVISOR_OVERRIDE);
            } else {
                node.put(Keys.DIVISOR_OVERRIDE, avg.divisorOverride().intValue());
            }
        } else if (op instanceof LpPool2d lp) {
            node.put(Keys.NORM_TYPE, lp.normType());
            window(node, lp.kernelSize(), lp.stride(), lp.padding(), lp.dilation(), lp.ceilMode());
        } else if (op instanceof AdaptiveMaxPool2d adaptiveMax) {
            outputSize(node, adaptiveMax.outputHeight(), adaptiveMax.outputWidth());
            node.put(Keys.RETURN_INDICES, adaptiveMax.returnIndices());
        } else if (op instanceof AdaptiveAvgPool2d adaptiveAvg) {
            outputSize(node, adaptiveAvg.outputHeight(), adaptiveAvg.outputWidth());
        } else if (op instanceof GlobalMaxPool2d globalMax) {
            node.put(Keys.RETURN_INDICES, globalMax.returnIndices());
        } else if (op instanceof GlobalLpPool2d globalLp) {
            node.put(Keys.NORM_TYPE, globalLp.normType());
        } else if (!(op instanceof GlobalAvgPool2d)) {
            throw new IllegalStateException("no rendering for " + op.opName());
        }
        return node;
    }

    private static void window(ObjectNode node, IntPair kernelSize, IntPair stride, Padding padding,
                               IntPair dilation, boolean ceilMode) {
        node.set(Keys.KERNEL_SIZE, pair(kernelSize));
        node.set(Keys.STRIDE, pair(stride));
        node.set(Keys.PADDING, padding(padding));
        node.set(Keys.DILATION, pair(dilation));
        node.put(Keys.CEIL_MODE, ceilMode);
    }

    private static ArrayNode pair(IntPair pair) {
        return NODES.arrayNode().add(pair.h()).add(pair.w());
    }

    private static JsonNode padding(Padding padding) {
        if (padding instanceof Padding.Explicit explicit) {
            ArrayNode counts = NODES.arrayNode().add(explicit.top()).add(explicit.left());
            return explicit.symmetric() ? counts : counts.add(explicit.bottom()).add(explicit.right());
        }
        return NODES.textNode(padding.toString()); // same, same_lower, valid
    }

    private static void outputSize(ObjectNode node, Integer height, Integer width) {
        ArrayNode size = node.putArray(Keys.OUTPUT_SIZE);
        if (height == null) {
            size.addNull();
        } else {
            size.add(height.intValue());
        }
        if (width == null) {
            size.addNull();
        } else {
            size.add(width.intValue());
        }
    }

    /** A copy with the keys of every mapping in sorted order, so the text never depends on insertion order. */
    private static JsonNode sorted(JsonNode node) {
        if (node.isObject()) {
            List<String> keys = new ArrayList<>();
            node.fieldNames().forEachRemaining(keys::add);
            Collections.sort(keys);
            ObjectNode copy = NODES.objectNode();
            for (String key : keys) {
                copy.set(key, sorted(node.get(key)));
            }
            return copy;
        }
        if (node.isArray()) {
            ArrayNode copy = NODES.arrayNode();
            node.forEach(item -> copy.add(sorted(item)));
            return copy;
        }
        return node;
    }
}
