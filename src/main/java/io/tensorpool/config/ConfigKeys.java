package io.tensorpool.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.tensorpool.kernel.Tensor;
import java.util.ArrayList;
import java.util.List;

/**
 * Every section and key of the config file, each defined once: name, default, reader (with the
 * rule its value alone must follow) and rendering, documented here. Users and scripts depend on
 * these names; they change only with a migration note.
 *
 * <p>A key is read from its section's settings with {@code get}, e.g.
 * {@code config.output().get(ConfigKeys.OUTPUT_COMPRESSION)}; the long-standing keys also have
 * accessors ({@code config.output().compression()}). Adding a key takes its definition here, the
 * code that uses it, a test and the README: binding, the canonical JSON, {@code --set} and the
 * suggestions follow from the definition. Operator parameters are in {@code OpParameters}.
 */
public final class ConfigKeys {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    static final String INPUT_PATHS = "a path or URI such as data/images.parquet or hdfs://host/data/*.parquet";
    static final String COLUMN_NAME = "a column name";
    static final String SHAPES = "a list of 2 to 4 ints >= 1, such as [3, 224, 224]";
    static final String FRACTIONS = "a number from 0 to 1, such as 0.01";

    /** The top level: {@code input}, {@code ops} or {@code outputs}, {@code output}, {@code errors}. */
    static final ConfigSection ROOT = ConfigSection.root();

    // ---------------------------------------------------------------------------------- input
    /** {@code input}: what the job reads. Required. */
    static final ConfigSection INPUT = ROOT.section("input", null);

    /**
     * {@code input.path}: a file, folder, glob or partitioned dataset, as any Hadoop file system
     * URI. Required.
     */
    public static final ConfigKey<String> INPUT_PATH = INPUT.requiredText("path",
            "set it to the Parquet file, folder or glob to read", INPUT_PATHS);

    /** {@code input.format}: {@code parquet} (the default) or {@code image_files}, a folder of PNG/JPEG files. */
    public static final ConfigKey<InputFormat> INPUT_FORMAT = INPUT.choice("format", InputFormat.class,
            InputFormat.PARQUET);

    /** {@code input.tensor}: where each record's tensor is and how it is stored. */
    static final ConfigSection TENSOR = INPUT.section("tensor",
            "a mapping with column, layout and shape_column or shape");

    /**
     * {@code input.tensor.column}: the tensor column. Required for Parquet input; for
     * {@code image_files} input it names the column the decoded images get, by default
     * {@link #IMAGE_FILES_COLUMN}.
     */
    public static final ConfigKey<String> TENSOR_COLUMN = TENSOR.requiredText("column",
            "set it to the name of the column holding the tensors", COLUMN_NAME);

    /** The tensor column of {@code image_files} input, where there is no input column to name. */
    public static final String IMAGE_FILES_COLUMN = "image";

    /**
     * {@code input.tensor.layout}: how the column stores a tensor, {@code list} by default
     * ({@code encoded}, and only that, for {@code image_files} input).
     */
    public static final ConfigKey<TensorLayout> TENSOR_LAYOUT = TENSOR.choice("layout", TensorLayout.class,
            TensorLayout.LIST);

    /**
     * {@code input.tensor.shape_column}: an {@code array<int>} column with each record's shape;
     * for the {@code list} and {@code binary} layouts, instead of {@code shape}.
     */
    public static final ConfigKey<String> TENSOR_SHAPE_COLUMN = TENSOR.optionalText("shape_column", COLUMN_NAME);

    /**
     * {@code input.tensor.shape}: one fixed stored shape (rank 2 to 4) for every record; for the
     * {@code list} and {@code binary} layouts, instead of {@code shape_column}.
     */
    public static final ConfigKey<List<Integer>> TENSOR_SHAPE = TENSOR.key("shape", null, ConfigKeys::shape,
            shape -> {
                ArrayNode node = NODES.arrayNode();
                shape.forEach(node::add);
                return node;
            });

    /** {@code input.tensor.dtype}: the stored element type of the {@code binary} layout, which requires it. */
    public static final ConfigKey<StorageDType> TENSOR_DTYPE = TENSOR.choice("dtype", StorageDType.class, null);

    /**
     * {@code input.tensor.dim_order}: the stored axis order, channels-first ({@code NCHW}, any
     * rank) by default; not for the image layouts, which always give {@code (C, H, W)}.
     */
    public static final ConfigKey<DimOrder> TENSOR_DIM_ORDER = TENSOR.choice("dim_order", DimOrder.class,
            DimOrder.NCHW);

    /** {@code input.tensor.channel_order}: {@code rgb} (the default) or {@code bgr}; the image layouts only. */
    public static final ConfigKey<ChannelOrder> TENSOR_CHANNEL_ORDER = TENSOR.choice("channel_order",
            ChannelOrder.class, ChannelOrder.RGB);

    /**
     * {@code input.incremental}: {@code true} pools only the input files no published batch of the
     * output has pooled, and publishes them as a new batch folder inside the output (see the
     * README's "Scheduled runs"); needs {@code output.mode: append}. Not set by default (every run
     * reads the whole input), and then left out of the canonical JSON.
     */
    public static final ConfigKey<Boolean> INPUT_INCREMENTAL = INPUT.key("incremental", null, Values::bool,
            NODES::booleanNode);

    /**
     * {@code input.reader}: {@code tensorpool} reads a {@code list} tensor column of float32 straight
     * from its Parquet pages, a record at a time; {@code spark} leaves every column to Spark's own
     * Parquet reader. Not set by default, which is {@code tensorpool} (see
     * {@link InputConfig#reader()}), and then left out of the canonical JSON: which reader reads
     * the records does not change them, so a config's hash does not either.
     */
    public static final ConfigKey<InputReader> INPUT_READER = INPUT.choice("reader", InputReader.class, null);

    // ------------------------------------------------------------------------------------ ops
    /** {@code ops}: the list of pooling operators, applied in order; each entry's keys are in {@code OpKind}. */
    static final String OPS = ROOT.entry("ops");

    // -------------------------------------------------------------------------------- outputs
    /**
     * {@code outputs}: instead of {@code ops}, a list of named pipelines pooled from the same read,
     * each entry a mapping with the keys below and its own {@code ops}. Each entry writes its own
     * tensor, shape and (with {@code return_indices}) indices columns, in entry order, in place of
     * the input's tensor column (see {@code NamedOutput}).
     */
    static final ConfigSection OUTPUTS = ROOT.listOf("outputs",
            "a mapping such as {column: x_p2, ops: [{op: max_pool2d, kernel_size: 2}]}");

    /** {@code outputs[i].column}: the column the entry's pooled tensor is written to. Required. */
    public static final ConfigKey<String> OUTPUTS_COLUMN = OUTPUTS.requiredText("column",
            "set it to the name of the column this entry's pooled tensor gets, such as x_p2", COLUMN_NAME);

    /** {@code outputs[i].shape_column}: the column of the entry's output shapes, {@code <column>_shape} by default. */
    public static final ConfigKey<String> OUTPUTS_SHAPE_COLUMN = OUTPUTS.optionalText("shape_column", COLUMN_NAME);

    /**
     * {@code outputs[i].indices_column}: the column of the entry's indices, {@code <column>_indices}
     * by default; only for an entry whose last operator returns indices.
     */
    public static final ConfigKey<String> OUTPUTS_INDICES_COLUMN = OUTPUTS.optionalText("indices_column",
            COLUMN_NAME);

    /** {@code outputs[i].ops}: the entry's pooling operators, as the top-level {@code ops}. Required. */
    static final String OUTPUTS_OPS = OUTPUTS.entry("ops");

    // --------------------------------------------------------------------------------- output
    /** {@code output}: where and how the pooled records are written. Required. */
    static final ConfigSection OUTPUT = ROOT.section("output", null);

    /** {@code output.path}: the output folder, as any Hadoop file system URI. Required. */
    public static final ConfigKey<String> OUTPUT_PATH = OUTPUT.requiredText("path",
            "set it to the folder to write the pooled records to",
            "a path or URI such as target/pooled or hdfs://host/data/pooled");

    /** {@code output.mode}: what happens when the output exists; {@code error} by default. */
    public static final ConfigKey<WriteMode> OUTPUT_MODE = OUTPUT.choice("mode", WriteMode.class, WriteMode.ERROR);

    /** {@code output.compression}: the Parquet codec, {@code snappy} by default. */
    public static final ConfigKey<Compression> OUTPUT_COMPRESSION = OUTPUT.choice("compression", Compression.class,
            Compression.SNAPPY);

    /** {@code output.layout}: how the pooled tensor column is written, {@code list} by default. */
    public static final ConfigKey<OutputLayout> OUTPUT_LAYOUT = OUTPUT.choice("layout", OutputLayout.class,
            OutputLayout.LIST);

    /** {@code output.dtype}: the element type written, {@code keep} (the pooled type) by default. */
    public static final ConfigKey<OutputDType> OUTPUT_DTYPE = OUTPUT.choice("dtype", OutputDType.class,
            OutputDType.KEEP);

    /**
     * {@code output.writer}: {@code tensorpool} (the default) writes the tensor, shape and indices
     * columns a record at a time (a Parquet page writer of its own); {@code spark} is Spark's own
     * Parquet writer for every column.
     */
    public static final ConfigKey<OutputWriter> OUTPUT_WRITER = OUTPUT.choice("writer", OutputWriter.class,
            OutputWriter.TENSORPOOL);

    /**
     * {@code output.row_group_size}: the Parquet row-group size in bytes, given to the writer as
     * {@code parquet.block.size}; 1 MiB to 2 GiB - 1 (below a page's 1 MiB a row group is a
     * mistake, such as megabytes written as a plain number). Not set by default: Parquet's own
     * default (128 MiB), or a {@code parquet.block.size} the cluster sets, applies. Not set, it is
     * left out of the canonical JSON, so configs that do not write it keep their {@code config_hash}.
     */
    public static final ConfigKey<Integer> OUTPUT_ROW_GROUP_SIZE = OUTPUT.key("row_group_size", null,
            (value, path) -> {
                Integer bytes = Values.intOrNull(value);
                if (bytes == null || bytes < 1_048_576) {
                    throw Values.wrong(value, path, "an int of bytes from 1048576 (1 MiB) to 2147483647,"
                            + " such as 134217728 (128 MiB)");
                }
                return bytes;
            }, NODES::numberNode);

    /**
     * {@code output.partition_by}: passthrough columns (or the input's own partition columns)
     * whose values become Hive-style folders, {@code <column>=<value>/}, in the given order. Not
     * set by default (no partition folders).
     */
    public static final ConfigKey<List<String>> OUTPUT_PARTITION_BY = OUTPUT.key("partition_by", null,
            ConfigKeys::columnNames, names -> {
                ArrayNode node = NODES.arrayNode();
                names.forEach(node::add);
                return node;
            });

    /**
     * {@code output.max_records_per_file}: at most this many records in one output file (Spark's
     * {@code maxRecordsPerFile}): a task with more rolls over to a new file. It splits large files,
     * never merges small ones. Not set by default: Spark's {@code spark.sql.files.maxRecordsPerFile}
     * (0, no limit) applies, and it is left out of the canonical JSON.
     */
    public static final ConfigKey<Integer> OUTPUT_MAX_RECORDS_PER_FILE = OUTPUT.key("max_records_per_file", null,
            (value, path) -> {
                Integer records = Values.intOrNull(value);
                if (records == null || records < 1) {
                    throw Values.wrong(value, path, "an int >= 1, such as 100000");
                }
                return records;
            }, NODES::numberNode);

    /**
     * {@code output.target_file_bytes}: merge the output into files of about this size, from
     * {@value ByteSizes#MIN_TARGET_FILE_BYTES} bytes: a size such as {@code 128m} or {@code 1g}
     * (k, m, g, t are powers of 1024) or an int of bytes; or {@code none}, one file per pooling
     * task (split at {@code max_records_per_file}). The job rebalances the pooled rows (one
     * shuffle, by the {@code partition_by} columns when set) and lets adaptive query execution
     * cut them into pieces of this size. Not set by default, which is {@code none} (see the
     * README's "File sizes" for the measurement behind that); {@code none} is read as 0, and the
     * key is left out of the canonical JSON when not set.
     */
    public static final ConfigKey<Long> OUTPUT_TARGET_FILE_BYTES = OUTPUT.key("target_file_bytes", null,
            ByteSizes::targetFileBytes, bytes -> bytes == 0 ? NODES.textNode(ByteSizes.NONE) : NODES.numberNode(bytes));

    // --------------------------------------------------------------------------------- errors
    /** {@code errors}: what bad records do to the run. Optional. */
    static final ConfigSection ERRORS = ROOT.section("errors", null);

    /** {@code errors.on_bad_record}: {@code fail} (the default), {@code skip} or {@code quarantine}. */
    public static final ConfigKey<BadRecordPolicy> ON_BAD_RECORD = ERRORS.choice("on_bad_record",
            BadRecordPolicy.class, BadRecordPolicy.FAIL);

    /** {@code errors.quarantine_path}: where quarantined records go; required with, and only with, quarantine. */
    public static final ConfigKey<String> QUARANTINE_PATH = ERRORS.optionalText("quarantine_path",
            "a path or URI such as target/quarantine");

    /**
     * {@code errors.max_bad_fraction}: 0 to 1, 0 by default; with {@code skip} or
     * {@code quarantine}, a run with a larger fraction of bad records fails and publishes nothing.
     */
    public static final ConfigKey<Double> MAX_BAD_FRACTION = ERRORS.key("max_bad_fraction", 0.0,
            (value, path) -> {
                Double number = Values.numberOrNull(value);
                if (number == null || !(number >= 0 && number <= 1)) {
                    throw Values.wrong(value, path, FRACTIONS);
                }
                return number;
            }, NODES::numberNode);

    private ConfigKeys() {
    }

    /** A non-empty list of distinct, non-blank column names. */
    private static List<String> columnNames(JsonNode value, KeyPath path) {
        String expected = "a list of column names, such as [date, split]";
        if (!value.isArray() || value.isEmpty()) {
            throw Values.wrong(value, path, expected);
        }
        List<String> names = new ArrayList<>();
        for (JsonNode name : value) {
            String text = Values.text(name, path, expected);
            if (names.contains(text)) {
                throw new ConfigProblem(path, "names the column '" + text + "' twice; name each column once");
            }
            names.add(text);
        }
        return List.copyOf(names);
    }

    /** A fixed shape: 2 to 4 ints of at least 1 whose product fits one array. */
    private static List<Integer> shape(JsonNode value, KeyPath path) {
        if (!value.isArray() || value.size() < 2 || value.size() > 4) {
            throw Values.wrong(value, path, SHAPES);
        }
        List<Integer> shape = new ArrayList<>();
        for (JsonNode dim : value) {
            Integer size = Values.intOrNull(dim);
            if (size == null || size < 1) {
                throw Values.wrong(value, path, SHAPES);
            }
            shape.add(size);
        }
        try {
            Tensor.checkShape(shape.stream().mapToInt(Integer::intValue).toArray());
        } catch (IllegalArgumentException e) {
            throw new ConfigProblem(path, "is invalid: " + e.getMessage(), null, e);
        }
        return List.copyOf(shape);
    }
}
