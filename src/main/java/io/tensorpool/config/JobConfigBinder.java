package io.tensorpool.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tensorpool.kernel.PoolPipeline;

/**
 * Binds the top-level mapping to a {@link JobConfig}: unknown top-level keys first (a misspelled
 * section would otherwise read as a missing one), then each section, then the rules between
 * sections.
 */
final class JobConfigBinder {

    private JobConfigBinder() {
    }

    /** Checks that a document can hold a config at all: it is not empty and is a mapping. */
    static ObjectNode requireMapping(JsonNode root) {
        if (root == null || root.isNull()) {
            throw new ConfigProblem(null, "the file is empty; it must be a mapping with the keys input, ops and output");
        }
        if (!root.isObject()) {
            throw new ConfigProblem(null, "the top level is " + Values.show(root) + ", not a mapping;"
                    + " it must be a mapping with the keys input, ops and output");
        }
        return (ObjectNode) root;
    }

    static JobConfig bind(ObjectNode rootNode) {
        Section root = Section.root(rootNode);
        root.rejectUnknownKeys(Keys.ROOT_KEYS, Keys.elsewhere(""));
        JsonNode input = root.require(Keys.INPUT, "add an input: section with the path to read and the tensor column");
        JsonNode ops = root.require(Keys.OPS, "add the list of pooling operators, e.g. ops: [{op: max_pool2d, kernel_size: 2}]");
        JsonNode output = root.require(Keys.OUTPUT, "add an output: section with the path to write");
        InputConfig inputConfig = InputBinder.bind(input, root.at(Keys.INPUT));
        PoolPipeline pipeline = OpsBinder.bind(ops, root.at(Keys.OPS));
        OutputConfig outputConfig = OutputBinder.bind(output, root.at(Keys.OUTPUT));
        ErrorPolicy errors = ErrorPolicyBinder.bind(root.get(Keys.ERRORS), root.at(Keys.ERRORS));
        PathRules.check(inputConfig, outputConfig, errors);
        return new JobConfig(inputConfig, pipeline, outputConfig, errors);
    }
}
