package io.tensorpool.config;

import static io.tensorpool.config.ConfigKeys.OUTPUTS;
import static io.tensorpool.config.ConfigKeys.OUTPUTS_COLUMN;
import static io.tensorpool.config.ConfigKeys.OUTPUTS_INDICES_COLUMN;
import static io.tensorpool.config.ConfigKeys.OUTPUTS_OPS;
import static io.tensorpool.config.ConfigKeys.OUTPUTS_SHAPE_COLUMN;

import com.fasterxml.jackson.databind.JsonNode;
import io.tensorpool.kernel.PoolPipeline;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Binds {@code outputs} to its {@link NamedOutput}s: each entry's keys by their
 * {@link ConfigKeys} definitions, its {@code ops} by {@link OpsBinder}, the default column names
 * filled in, and the one rule between entries: every column any entry writes has a name of its
 * own. (Names that clash with input columns are found against the input schema, before any
 * record is read.)
 */
final class OutputsBinder {

    private OutputsBinder() {
    }

    static List<NamedOutput> bind(JsonNode outputs, KeyPath path, OutputLayout layout) {
        if (!outputs.isArray() || outputs.isEmpty()) {
            throw Values.wrong(outputs, path, "a non-empty list of named pipelines, each an entry such as"
                    + " - {column: x_p2, ops: [{op: max_pool2d, kernel_size: 2}]}");
        }
        List<NamedOutput> bound = new ArrayList<>();
        Map<String, KeyPath> written = new LinkedHashMap<>();
        for (int i = 0; i < outputs.size(); i++) {
            NamedOutput entry = bindOne(outputs.get(i), path.index(i));
            bound.add(entry);
            for (String column : entry.columns(layout)) {
                KeyPath first = written.putIfAbsent(column, path.index(i));
                if (first != null) {
                    throw new ConfigProblem(path.index(i), "writes the column " + column + ", which " + first
                            + " writes too; give every column of outputs its own name (shape_column and"
                            + " indices_column default to the column with " + NamedOutput.SHAPE_SUFFIX + " and "
                            + NamedOutput.INDICES_SUFFIX + ")");
                }
            }
        }
        return List.copyOf(bound);
    }

    private static NamedOutput bindOne(JsonNode value, KeyPath path) {
        Section entry = OUTPUTS.open(value, path);
        String column = entry.read(OUTPUTS_COLUMN);
        PoolPipeline pipeline = OpsBinder.bind(entry.require(OUTPUTS_OPS,
                "add this entry's pooling operators, e.g. ops: [{op: max_pool2d, kernel_size: 2}]"),
                entry.at(OUTPUTS_OPS));
        if (!entry.has(OUTPUTS_SHAPE_COLUMN)) {
            entry.decide(OUTPUTS_SHAPE_COLUMN, column + NamedOutput.SHAPE_SUFFIX);
        }
        if (pipeline.returnsIndices()) {
            if (!entry.has(OUTPUTS_INDICES_COLUMN)) {
                entry.decide(OUTPUTS_INDICES_COLUMN, column + NamedOutput.INDICES_SUFFIX);
            }
        } else {
            entry.notApplicable(OUTPUTS_INDICES_COLUMN, "is set, but the last operator of this entry returns no"
                    + " indices; set return_indices: true on it, or remove indices_column");
        }
        return new NamedOutput(entry.values(), pipeline);
    }
}
