package io.tensorpool.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
 * filled in, as a canonical JSON tree: keys sorted at every level, each value as its
 * {@link ConfigKey} definition renders it (sizes as pairs {@code [h, w]}, numbers of
 * {@code norm_type} and {@code max_bad_fraction} as floats), keys of a section that are not set
 * (that do not apply to the layout or policy) left out, and every parameter an operator takes
 * listed, {@code null}s included. Two configs render alike exactly when they bind to equal
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
        ObjectNode input = section(config.input());
        input.set(ConfigKeys.TENSOR.key(), section(config.input().tensor()));
        root.set(ConfigKeys.INPUT.key(), input);
        if (config.multiOutput()) {
            ArrayNode outputs = root.putArray(ConfigKeys.OUTPUTS.key());
            for (NamedOutput entry : config.outputs()) {
                ObjectNode node = section(entry);
                node.set(ConfigKeys.OUTPUTS_OPS, ops(entry.pipeline()));
                outputs.add(node);
            }
        } else {
            root.set(ConfigKeys.OPS, ops(config.pipeline()));
        }
        root.set(ConfigKeys.OUTPUT.key(), section(config.output()));
        root.set(ConfigKeys.ERRORS.key(), section(config.errors()));
        return (ObjectNode) sorted(root);
    }

    private static ArrayNode ops(io.tensorpool.kernel.PoolPipeline pipeline) {
        ArrayNode ops = NODES.arrayNode();
        for (PoolOp op : pipeline.ops()) {
            ops.add(OpKind.of(op).render(op));
        }
        return ops;
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

    /** Every key of a section that is set, by its definition's rendering; keys that are not set are left out. */
    private static ObjectNode section(Settings settings) {
        ObjectNode node = NODES.objectNode();
        for (ConfigKey<?> key : settings.section().keys()) {
            JsonNode value = key.renderUnchecked(settings.get(key));
            if (value != null) {
                node.set(key.name(), value);
            }
        }
        return node;
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
