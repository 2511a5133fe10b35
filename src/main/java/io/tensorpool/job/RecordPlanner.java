package io.tensorpool.job;

import io.tensorpool.config.ConfigException;
import io.tensorpool.config.JobConfig;
import io.tensorpool.config.NamedOutput;
import io.tensorpool.config.DimOrder;
import io.tensorpool.config.OutputConfig;
import io.tensorpool.config.OutputLayout;
import io.tensorpool.config.TensorSpec;
import io.tensorpool.kernel.ElementType;
import io.tensorpool.kernel.PoolPipeline;
import io.tensorpool.kernel.SharedScales;
import io.tensorpool.kernel.Tensor;
import io.tensorpool.tensor.BadRecordException;
import io.tensorpool.tensor.NpyCodec;
import io.tensorpool.tensor.spark.SparkElementTypes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.BinaryType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.IntegerType;
import org.apache.spark.sql.types.LongType;
import org.apache.spark.sql.types.Metadata;
import org.apache.spark.sql.types.MetadataBuilder;
import org.apache.spark.sql.types.StringType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Checks the input schema against the config and derives, on the driver and before any record
 * is read, the {@link RecordPlan} the executors follow and the output schema.
 *
 * <p>Output columns: every input column in its place, the tensor column replaced by the pooled
 * tensor ({@code array<T>} with non-null elements) and the shape column by the output shape;
 * with a fixed input shape a {@code shape} column follows the tensor; {@code indices}
 * ({@code array<bigint>}) follows when the last operator returns indices. An input that already
 * has the {@code shape} (an integer array) or, for binary output, the {@code dtype} (a string)
 * column the job adds, as the job's own binary and npy output has, gets it replaced in place.
 *
 * <p>With {@code outputs}, the tensor column (and the input's shape column, which describes it)
 * is replaced, at its place, by every entry's columns in entry order (see {@link NamedOutput});
 * every other input column is kept, and one with the name of a column an entry writes is refused.
 */
final class RecordPlanner {
    static final String FIXED_SHAPE_COLUMN = "shape";
    static final String INDICES_COLUMN = "indices";
    static final String DTYPE_COLUMN = "dtype";
    /** The tensor column's metadata keys for the one output shape of every record, and its dimensions' names. */
    static final String SHAPE_METADATA = "shape";
    static final String DIM_NAMES_METADATA = "dim_names";

    private final JobConfig config;
    private final InputTable input;

    RecordPlanner(JobConfig config, InputTable input) {
        this.config = config;
        this.input = input;
    }

    /** The plan and the schema of the rows it produces. */
    record Planned(RecordPlan plan, StructType outputSchema) {

        /** The pooled tensor columns, in output order: where the tensor values are. */
        List<String> tensorColumns() {
            List<String> names = new ArrayList<>();
            for (int i = 0; i < plan.slots().size(); i++) {
                if (plan.slots().get(i) instanceof OutputSlot.PooledTensor) {
                    names.add(outputSchema.fields()[i].name());
                }
            }
            return names;
        }

        /** The output columns the job computes (tensor, shape, indices), not passed through from the input. */
        List<String> computedColumns() {
            List<String> names = new ArrayList<>();
            for (int i = 0; i < plan.slots().size(); i++) {
                if (!(plan.slots().get(i) instanceof OutputSlot.Passthrough)) {
                    names.add(outputSchema.fields()[i].name());
                }
            }
            return names;
        }
    }

    /**
     * @param uniformShape the one input shape every record has, when known (for the output
     *                     column's metadata), else null
     */
    Planned plan(int[] uniformShape) {
        TensorSpec spec = config.input().tensor();
        StructField tensorField = input.field(spec.column(), "input.tensor.column", config.input().path());
        TensorCellDecoder decoder = decoder(spec, tensorField);
        int[] knownShape = spec.hasFixedShape() ? channelsFirst(spec.fixedShape(), spec)
                : uniformShape == null ? null : columnShapeChannelsFirst(uniformShape, spec);
        if (config.multiOutput()) {
            return planOutputs(decoder, knownShape);
        }
        PoolPipeline pipeline = config.pipeline();
        ElementType pooledType = outputType(pipeline, decoder.elementType());
        OutputConfig output = config.output();
        TensorCellEncoder encoder = new TensorCellEncoder(output.layout(), output.dtype(), pooledType, spec.column());
        int[] outputShape = knownShape == null ? null : outputShapeOrNull(pipeline, knownShape);
        boolean shapeFromColumn = spec.shapeColumn() != null;
        boolean binaryOutput = output.layout() == OutputLayout.BINARY;
        // The job's own binary or npy output fed back in holds the shape and dtype columns it
        // wrote; they describe the input tensor and are replaced in place by the output's.
        boolean replaceShape = !shapeFromColumn && isStale(FIXED_SHAPE_COLUMN, spec, true);
        boolean replaceDtype = binaryOutput && isStale(DTYPE_COLUMN, spec, false);

        List<OutputSlot> slots = new ArrayList<>();
        List<StructField> fields = new ArrayList<>();
        StructField[] inputFields = input.schema().fields();
        for (int i = 0; i < inputFields.length; i++) {
            StructField field = inputFields[i];
            if (field.name().equals(spec.column())) {
                slots.add(new OutputSlot.PooledTensor(encoder, 0));
                fields.add(new StructField(field.name(), encoder.sparkType(), false,
                        tensorMetadata(field.metadata(), outputShape)));
                if (!shapeFromColumn && !replaceShape) {
                    checkFree(FIXED_SHAPE_COLUMN, "the output shape");
                    addShapeColumn(FIXED_SHAPE_COLUMN, 0, slots, fields);
                }
                if (binaryOutput && !replaceDtype) {
                    checkFree(DTYPE_COLUMN, "the stored element type of binary output");
                    addDtypeColumn(encoder, slots, fields);
                }
                if (pipeline.returnsIndices()) {
                    checkFree(INDICES_COLUMN, "the indices of return_indices");
                    addIndicesColumn(INDICES_COLUMN, 0, slots, fields);
                }
            } else if (shapeFromColumn && field.name().equals(spec.shapeColumn())
                    || replaceShape && field.name().equals(FIXED_SHAPE_COLUMN)) {
                addShapeColumn(field.name(), 0, slots, fields);
            } else if (replaceDtype && field.name().equals(DTYPE_COLUMN)) {
                addDtypeColumn(encoder, slots, fields);
            } else {
                slots.add(new OutputSlot.Passthrough(i, field.dataType()));
                fields.add(field);
            }
        }
        RecordPlan plan = new RecordPlan(decoder, SharedScales.direct(List.of(pipeline)), List.of(spec.column()), slots,
                input.fileOrdinal(), input.rowOrdinal(), config.errors().onBadRecord());
        return new Planned(plan, new StructType(fields.toArray(StructField[]::new)));
    }

    /**
     * The plan for {@code outputs}: the tensor column and the input's shape column give way to
     * every entry's columns, in entry order; the max-pooling scales share work where exact.
     */
    private Planned planOutputs(TensorCellDecoder decoder, int[] knownShape) {
        TensorSpec spec = config.input().tensor();
        OutputConfig output = config.output();
        List<NamedOutput> outputs = config.outputs();
        for (NamedOutput entry : outputs) {
            for (String column : entry.columns(output.layout())) {
                int ordinal = input.ordinalOf(column);
                if (ordinal >= 0 && !column.equals(spec.column()) && !column.equals(spec.shapeColumn())) {
                    throw JobErrors.outputsColumnTaken(output.path(), column, entry.column());
                }
            }
        }
        List<OutputSlot> slots = new ArrayList<>();
        List<StructField> fields = new ArrayList<>();
        List<PoolPipeline> pipelines = new ArrayList<>();
        List<String> names = new ArrayList<>();
        StructField[] inputFields = input.schema().fields();
        for (int i = 0; i < inputFields.length; i++) {
            StructField field = inputFields[i];
            if (field.name().equals(spec.column())) {
                for (int o = 0; o < outputs.size(); o++) {
                    NamedOutput entry = outputs.get(o);
                    PoolPipeline pipeline = entry.pipeline();
                    pipelines.add(pipeline);
                    names.add(entry.column());
                    TensorCellEncoder encoder = new TensorCellEncoder(output.layout(), output.dtype(),
                            outputType(pipeline, decoder.elementType()), entry.column());
                    int[] outputShape = knownShape == null ? null : outputShapeOrNull(pipeline, knownShape);
                    slots.add(new OutputSlot.PooledTensor(encoder, o));
                    fields.add(new StructField(entry.column(), encoder.sparkType(), false,
                            tensorMetadata(field.metadata(), outputShape)));
                    addShapeColumn(entry.shapeColumn(), o, slots, fields);
                    if (entry.indicesColumn() != null) {
                        addIndicesColumn(entry.indicesColumn(), o, slots, fields);
                    }
                    if (output.layout() == OutputLayout.BINARY) {
                        slots.add(new OutputSlot.Constant(encoder.storedTypeName()));
                        fields.add(new StructField(entry.dtypeColumn(), DataTypes.StringType, false, Metadata.empty()));
                    }
                }
            } else if (!field.name().equals(spec.shapeColumn())) {
                slots.add(new OutputSlot.Passthrough(i, field.dataType()));
                fields.add(field);
            }
        }
        RecordPlan plan = new RecordPlan(decoder, SharedScales.shared(pipelines), names, slots, input.fileOrdinal(),
                input.rowOrdinal(), config.errors().onBadRecord());
        return new Planned(plan, new StructType(fields.toArray(StructField[]::new)));
    }

    /** The reader for the configured layout, checked against the column's type. */
    private TensorCellDecoder decoder(TensorSpec spec, StructField field) {
        int ordinal = input.ordinalOf(field.name());
        String column = field.name();
        TensorCellDecoder stored = switch (spec.layout()) {
            case LIST -> {
                ArrayType array = listType(field);
                yield new TensorCellDecoder.FlatList(ordinal, column, SparkElementTypes.fromSpark(array.elementType()),
                        array.containsNull(), shapeSource(spec));
            }
            case NESTED -> nested(field, ordinal);
            case BINARY -> {
                requireType(field, field.dataType() instanceof BinaryType, "binary");
                yield new TensorCellDecoder.RawBytes(ordinal, column, spec.dtype(), shapeSource(spec));
            }
            case NPY -> {
                requireType(field, field.dataType() instanceof BinaryType, "binary");
                yield new TensorCellDecoder.Npy(ordinal, column, npyElementType(ordinal, column));
            }
            case IMAGE -> sparkImage(field, ordinal, spec);
            case ENCODED -> encoded(field, ordinal, spec);
        };
        DimOrder order = spec.dimOrder();
        return order != null && order.channelsLast() ? new TensorCellDecoder.ChannelsFirst(stored, order, column) : stored;
    }

    private TensorCellDecoder nested(StructField field, int ordinal) {
        int rank = 0;
        DataType type = field.dataType();
        boolean containsNull = false;
        while (type instanceof ArrayType array) {
            rank++;
            containsNull = array.containsNull();
            type = array.elementType();
        }
        ElementType elementType = SparkElementTypes.fromSpark(type);
        if (rank < Tensor.MIN_RANK || rank > Tensor.MAX_RANK || elementType == null) {
            throw JobErrors.inputColumnType(config.input().path(), "column " + field.name(),
                    field.dataType().simpleString(), "the nested layout needs arrays of numbers nested 2 to 4 deep"
                    + " (e.g. array<array<array<float>>>)", "input.tensor.layout");
        }
        return new TensorCellDecoder.Nested(ordinal, field.name(), rank, elementType, containsNull);
    }

    private TensorCellDecoder sparkImage(StructField field, int ordinal, TensorSpec spec) {
        if (field.dataType() instanceof StructType struct) {
            List<String> names = List.of(struct.fieldNames());
            if (names.containsAll(List.of("height", "width", "nChannels", "mode", "data"))) {
                return new TensorCellDecoder.SparkImage(ordinal, field.name(), struct.size(), names.indexOf("height"),
                        names.indexOf("width"), names.indexOf("nChannels"), names.indexOf("mode"),
                        names.indexOf("data"), spec.channelOrder());
            }
        }
        throw wrongType(field, "Spark's image struct (struct<origin, height, width, nChannels, mode, data>,"
                + " as spark.read.format(\"image\") gives)");
    }

    private TensorCellDecoder encoded(StructField field, int ordinal, TensorSpec spec) {
        ImageMemoryBudget memory = ImageMemoryBudget.fromConf(input.rows().sparkSession().conf());
        if (field.dataType() instanceof BinaryType) {
            return new TensorCellDecoder.Encoded(ordinal, field.name(), 0, -1, spec.channelOrder(), memory);
        }
        if (field.dataType() instanceof StructType struct && List.of(struct.fieldNames()).contains("bytes")
                && struct.apply("bytes").dataType() instanceof BinaryType) {
            return new TensorCellDecoder.Encoded(ordinal, field.name(), struct.size(), struct.fieldIndex("bytes"),
                    spec.channelOrder(), memory);
        }
        throw wrongType(field, "binary PNG or JPEG bytes, or a struct with a binary bytes field"
                + " (Hugging Face's Image feature)");
    }

    /**
     * The element type of an {@code npy} column: that of the first record whose cell decodes,
     * found before any task runs, since the output column needs one type. Each partition is
     * scanned on its executor only up to its first good cell, and partitions are tried one at a
     * time until one has a good cell; only the type name comes back. Bad cells before it are
     * rejected like any other when the tasks reach them; they do not decide the type.
     */
    private ElementType npyElementType(int ordinal, String column) {
        Column cell = input.rows().col(InputTable.quoted(column));
        List<String> found = input.rows().select(cell).where(cell.isNotNull())
                .mapPartitions(firstDecodedType(column), Encoders.STRING())
                .limit(1).collectAsList();
        // No record has a tensor that decodes: every one is rejected for its own reason.
        return found.isEmpty() ? ElementType.FLOAT32 : ElementType.valueOf(found.get(0));
    }

    /** The element type name of the first cell of a partition that decodes as npy, or nothing. */
    private static MapPartitionsFunction<Row, String> firstDecodedType(String column) {
        return rows -> {
            while (rows.hasNext()) {
                try {
                    return List.of(NpyCodec.decode((byte[]) rows.next().get(0), column).type().name()).iterator();
                } catch (BadRecordException e) {
                    // rejected by its task later; the next cell may decode
                }
            }
            return Collections.emptyIterator();
        };
    }

    private ArrayType listType(StructField field) {
        if (field.dataType() instanceof ArrayType array && SparkElementTypes.fromSpark(array.elementType()) != null) {
            return array;
        }
        throw JobErrors.inputColumnType(config.input().path(), "column " + field.name(),
                field.dataType().simpleString(), "the list layout needs a flat array of numbers (array<float>,"
                + " array<double>, array<tinyint>, array<smallint>, array<int> or array<bigint>)",
                "input.tensor.column and input.tensor.layout");
    }

    private void requireType(StructField field, boolean ok, String expected) {
        if (!ok) {
            throw wrongType(field, expected);
        }
    }

    private PreconditionException wrongType(StructField field, String expected) {
        return JobErrors.inputColumnType(config.input().path(), "column " + field.name(),
                field.dataType().simpleString(), "the " + config.input().tensor().layout() + " layout needs " + expected,
                "input.tensor.column and input.tensor.layout");
    }

    /**
     * A shape read from the shape column, channels first as its records are pooled: a rank 2
     * shape has no channel axis and stays as stored; a channels-last shape of another rank than
     * its order's is every record's {@code shape_mismatch}, so it gives no output shape (null).
     */
    private static int[] columnShapeChannelsFirst(int[] stored, TensorSpec spec) {
        DimOrder order = spec.dimOrder();
        if (order == null || !order.channelsLast() || stored.length == 2) {
            return stored;
        }
        return stored.length == order.rank() ? channelsFirst(stored, spec) : null;
    }

    /** A shape given in the dim order's stored order, channels first as the records are pooled. */
    private static int[] channelsFirst(int[] stored, TensorSpec spec) {
        if (spec.dimOrder() == null || !spec.dimOrder().channelsLast()) {
            return stored;
        }
        int[] shape = stored.clone();
        int rank = shape.length;
        shape[rank - 3] = stored[rank - 1];
        shape[rank - 2] = stored[rank - 3];
        shape[rank - 1] = stored[rank - 2];
        return shape;
    }

    private ShapeSource shapeSource(TensorSpec spec) {
        if (spec.hasFixedShape()) {
            return new ShapeSource.Fixed(spec.fixedShape());
        }
        StructField field = input.field(spec.shapeColumn(), "input.tensor.shape_column", config.input().path());
        DataType type = field.dataType();
        if (type instanceof ArrayType array
                && (array.elementType() instanceof IntegerType || array.elementType() instanceof LongType)) {
            return new ShapeSource.Column(input.ordinalOf(field.name()), field.name(),
                    array.elementType() instanceof LongType);
        }
        throw JobErrors.inputColumnType(config.input().path(), "shape column " + field.name(), type.simpleString(),
                "a shape column must be array<int> or array<bigint>", "input.tensor.shape_column");
    }

    private ElementType outputType(PoolPipeline pipeline, ElementType input) {
        try {
            return pipeline.outputType(input);
        } catch (IllegalArgumentException e) {
            throw new ConfigException("Cannot pool column " + config.input().tensor().column() + ": "
                    + e.getMessage());
        }
    }

    /** The output shape for a fixed input shape; a fixed shape the ops cannot take is a config error. */
    private int[] outputShapeOrNull(PoolPipeline pipeline, int[] shape) {
        try {
            return pipeline.outputShape(shape);
        } catch (IllegalArgumentException e) {
            if (config.input().tensor().hasFixedShape()) {
                throw new ConfigException("Cannot pool input.tensor.shape " + Arrays.toString(shape) + ": "
                        + e.getMessage());
            }
            // Per-record shapes: the records themselves are rejected, one by one, by the policy.
            return null;
        }
    }

    private void checkFree(String name, String what) {
        if (input.ordinalOf(name) >= 0 && !name.equals(config.input().tensor().column())) {
            throw JobErrors.outputColumnTaken(config.output().path(), name, what);
        }
    }

    /**
     * True when the input has a column {@code name}, other than the tensor column, that can only
     * be the stale description of the input tensor, as the job's own output holds it: an
     * {@code array<int>} or {@code array<bigint>} for {@code shape}, a string for {@code dtype}.
     */
    private boolean isStale(String name, TensorSpec spec, boolean shape) {
        int ordinal = input.ordinalOf(name);
        if (ordinal < 0 || name.equals(spec.column())) {
            return false;
        }
        DataType type = input.schema().fields()[ordinal].dataType();
        return shape ? type instanceof ArrayType array
                && (array.elementType() instanceof IntegerType || array.elementType() instanceof LongType)
                : type instanceof StringType;
    }

    private static void addDtypeColumn(TensorCellEncoder encoder, List<OutputSlot> slots, List<StructField> fields) {
        slots.add(new OutputSlot.Constant(encoder.storedTypeName()));
        fields.add(new StructField(DTYPE_COLUMN, DataTypes.StringType, false, Metadata.empty()));
    }

    private static void addShapeColumn(String name, int output, List<OutputSlot> slots, List<StructField> fields) {
        slots.add(new OutputSlot.PooledShape(output));
        fields.add(new StructField(name, DataTypes.createArrayType(DataTypes.IntegerType, false), false,
                Metadata.empty()));
    }

    /** Adds the {@code array<bigint>} column holding the flat argmax indices of pooled tensor {@code output}. */
    private static void addIndicesColumn(String name, int output, List<OutputSlot> slots, List<StructField> fields) {
        slots.add(new OutputSlot.Indices(output));
        fields.add(new StructField(name, DataTypes.createArrayType(DataTypes.LongType, false), false,
                Metadata.empty()));
    }

    /** The input column's metadata plus, when every record has the same output shape, that shape and its axis names. */
    static Metadata tensorMetadata(Metadata inputMetadata, int[] outputShape) {
        MetadataBuilder builder = new MetadataBuilder().withMetadata(inputMetadata);
        if (outputShape == null) {
            return builder.remove(SHAPE_METADATA).remove(DIM_NAMES_METADATA).build();
        }
        long[] shape = Arrays.stream(outputShape).asLongStream().toArray();
        return builder.putLongArray(SHAPE_METADATA, shape).putStringArray(DIM_NAMES_METADATA, dimNames(outputShape.length))
                .build();
    }

    static String[] dimNames(int rank) {
        String[] all = {"N", "C", "H", "W"};
        return Arrays.copyOfRange(all, all.length - rank, all.length);
    }
}
