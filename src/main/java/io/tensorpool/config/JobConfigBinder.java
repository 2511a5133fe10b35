package io.tensorpool.config;

import static io.tensorpool.config.ConfigKeys.ERRORS;
import static io.tensorpool.config.ConfigKeys.INPUT;
import static io.tensorpool.config.ConfigKeys.INPUT_FORMAT;
import static io.tensorpool.config.ConfigKeys.MAX_BAD_FRACTION;
import static io.tensorpool.config.ConfigKeys.ON_BAD_RECORD;
import static io.tensorpool.config.ConfigKeys.OPS;
import static io.tensorpool.config.ConfigKeys.OUTPUT;
import static io.tensorpool.config.ConfigKeys.OUTPUT_DTYPE;
import static io.tensorpool.config.ConfigKeys.OUTPUT_LAYOUT;
import static io.tensorpool.config.ConfigKeys.OUTPUTS;
import static io.tensorpool.config.ConfigKeys.QUARANTINE_PATH;
import static io.tensorpool.config.ConfigKeys.ROOT;
import static io.tensorpool.config.ConfigKeys.TENSOR;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tensorpool.kernel.PoolPipeline;
import java.util.List;
import java.util.Map;

/**
 * Binds the top-level mapping to a {@link JobConfig}: unknown top-level keys first (a misspelled
 * section would otherwise read as a missing one), then each section, then the rules between
 * sections. Every key is read by its {@link ConfigKeys} definition; what this class adds are the
 * rules between keys of a section, each stated once here (those of {@code input.tensor} in
 * {@link TensorSpecBinder}, of {@code ops} in {@link OpsBinder}, between paths in {@link PathRules}).
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
        Section root = ROOT.open(rootNode, KeyPath.ROOT);
        JsonNode input = root.require(INPUT.key(),
                "add an input: section with the path to read and the tensor column");
        if (root.has(OPS) && root.has(OUTPUTS.key())) {
            throw new ConfigProblem(root.at(OUTPUTS.key()), "is set beside ops; write either ops (one pipeline,"
                    + " replacing the tensor column) or outputs (several named pipelines), not both; move the"
                    + " operators of ops into an entry of outputs");
        }
        boolean multiOutput = root.has(OUTPUTS.key());
        JsonNode ops = multiOutput ? root.get(OUTPUTS.key()) : root.require(OPS,
                "add the list of pooling operators, e.g. ops: [{op: max_pool2d, kernel_size: 2}]");
        JsonNode output = root.require(OUTPUT.key(), "add an output: section with the path to write");
        InputConfig inputConfig = input(input);
        PoolPipeline pipeline = multiOutput ? null : OpsBinder.bind(ops, root.at(OPS));
        OutputConfig outputConfig = output(output);
        List<NamedOutput> outputs = multiOutput
                ? OutputsBinder.bind(ops, root.at(OUTPUTS.key()), outputConfig.layout()) : List.of();
        ErrorPolicy errors = errors(root.get(ERRORS.key()));
        PathRules.check(inputConfig, outputConfig, errors);
        return multiOutput ? JobConfig.withOutputs(inputConfig, outputs, outputConfig, errors)
                : new JobConfig(inputConfig, pipeline, outputConfig, errors);
    }

    /** {@code input}; the tensor section depends on the format. */
    private static InputConfig input(JsonNode value) {
        Section input = INPUT.open(value, INPUT.path());
        Map<ConfigKey<?>, Object> values = input.values();
        TensorSpec tensor = TensorSpecBinder.bind(input.get(TENSOR.key()), input.read(INPUT_FORMAT));
        return new InputConfig(values, tensor);
    }

    /**
     * {@code output}, refusing element types the chosen layout cannot hold (which would otherwise
     * fail only after the whole input has been read and pooled).
     */
    private static OutputConfig output(JsonNode value) {
        Section output = OUTPUT.open(value, OUTPUT.path());
        OutputConfig config = new OutputConfig(output.values());
        OutputLayout layout = config.layout();
        OutputDType dtype = config.dtype();
        if (layout == OutputLayout.LIST && !dtype.listOutputAllowed()) {
            throw new ConfigProblem(output.at(OUTPUT_DTYPE), "is " + dtype + ", which " + OUTPUT_LAYOUT + " list cannot"
                    + " hold (Spark has no 16-bit float type); use layout binary" + (dtype.npyOutputAllowed() ? " or npy" : "")
                    + ", or dtype float32");
        }
        if (layout == OutputLayout.NPY && !dtype.npyOutputAllowed()) {
            throw new ConfigProblem(output.at(OUTPUT_DTYPE), "is " + dtype + ", which " + OUTPUT_LAYOUT + " npy cannot"
                    + " hold (the .npy format has no " + dtype + " type); use layout binary, or dtype float16 or float32");
        }
        return config;
    }

    /**
     * {@code errors}. Settings the policy would ignore are errors: a {@code quarantine_path}
     * without quarantining, or a {@code max_bad_fraction} above 0 when the first bad record fails
     * the run anyway.
     */
    private static ErrorPolicy errors(JsonNode value) {
        Section errors = ERRORS.open(value, ERRORS.path());
        BadRecordPolicy policy = errors.read(ON_BAD_RECORD);
        if (policy == BadRecordPolicy.QUARANTINE) {
            errors.require(QUARANTINE_PATH, "on_bad_record: quarantine needs the folder to write rejected records to");
        } else {
            errors.notApplicable(QUARANTINE_PATH, "is set, but " + ON_BAD_RECORD + " is " + policy
                    + ", so nothing would be quarantined; set on_bad_record: quarantine or remove quarantine_path");
        }
        double maxBadFraction = errors.read(MAX_BAD_FRACTION);
        if (policy == BadRecordPolicy.FAIL && maxBadFraction > 0) {
            throw new ConfigProblem(errors.at(MAX_BAD_FRACTION), "is " + Values.show(errors.get(MAX_BAD_FRACTION.name()))
                    + ", but " + ON_BAD_RECORD + " is fail, which stops the run at the first bad record;"
                    + " set on_bad_record: skip or quarantine, or remove max_bad_fraction");
        }
        return new ErrorPolicy(errors.values());
    }
}
