package io.tensorpool.job;

import io.tensorpool.config.ConfigException;
import io.tensorpool.config.JobConfig;
import io.tensorpool.config.TensorLayout;
import io.tensorpool.config.TensorSpec;
import io.tensorpool.kernel.ElementType;
import io.tensorpool.kernel.PoolPipeline;
import io.tensorpool.tensor.spark.SparkElementTypes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.IntegerType;
import org.apache.spark.sql.types.LongType;
import org.apache.spark.sql.types.Metadata;
import org.apache.spark.sql.types.MetadataBuilder;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Checks the input schema against the config and derives, on the driver and before any record
 * is read, the {@link RecordPlan} the executors follow and the output schema.
 *
 * <p>Output columns: every input column in its place, the tensor column replaced by the pooled
 * tensor ({@code array<T>} with non-null elements) and the shape column by the output shape;
 * with a fixed input shape a {@code shape} column follows the tensor; {@code indices}
 * ({@code array<bigint>}) follows when the last operator returns indices.
 */
final class RecordPlanner {
    static final String FIXED_SHAPE_COLUMN = "shape";
    static final String INDICES_COLUMN = "indices";

    private final JobConfig config;
    private final InputTable input;

    RecordPlanner(JobConfig config, InputTable input) {
        this.config = config;
        this.input = input;
    }

    /** The plan and the schema of the rows it produces. */
    record Planned(RecordPlan plan, StructType outputSchema) {
    }

    /**
     * @param uniformShape the one input shape every record has, when known (for the output
     *                     column's metadata), else null
     */
    Planned plan(int[] uniformShape) {
        TensorSpec spec = config.input().tensor();
        if (spec.layout() != TensorLayout.LIST) {
            throw new PreconditionException("Cannot read input " + config.input().path() + ": input.tensor.layout "
                    + spec.layout() + " is not available in this version; use list");
        }
        StructField tensorField = input.field(spec.column(), "input.tensor.column", config.input().path());
        ArrayType arrayType = listType(tensorField);
        ElementType elementType = SparkElementTypes.fromSpark(arrayType.elementType());
        PoolPipeline pipeline = config.pipeline();
        ElementType outputType = outputType(pipeline, elementType);
        ShapeSource shapeSource = shapeSource(spec);
        TensorSource source = new TensorSource.FlatList(input.ordinalOf(spec.column()), spec.column(), elementType,
                arrayType.containsNull(), shapeSource);

        int[] knownShape = spec.hasFixedShape() ? spec.fixedShape() : uniformShape;
        int[] outputShape = knownShape == null ? null : outputShapeOrNull(pipeline, knownShape);

        List<OutputSlot> slots = new ArrayList<>();
        List<StructField> fields = new ArrayList<>();
        StructField[] inputFields = input.schema().fields();
        for (int i = 0; i < inputFields.length; i++) {
            StructField field = inputFields[i];
            if (field.name().equals(spec.column())) {
                slots.add(new OutputSlot.PooledTensor());
                fields.add(new StructField(field.name(),
                        DataTypes.createArrayType(SparkElementTypes.toSpark(outputType), false), false,
                        tensorMetadata(field.metadata(), outputShape)));
                if (spec.hasFixedShape()) {
                    addShapeColumn(FIXED_SHAPE_COLUMN, slots, fields);
                }
                if (pipeline.returnsIndices()) {
                    checkFree(INDICES_COLUMN, "the indices of return_indices");
                    slots.add(new OutputSlot.Indices());
                    fields.add(new StructField(INDICES_COLUMN,
                            DataTypes.createArrayType(DataTypes.LongType, false), false, Metadata.empty()));
                }
            } else if (field.name().equals(spec.shapeColumn())) {
                slots.add(new OutputSlot.PooledShape());
                fields.add(new StructField(field.name(), DataTypes.createArrayType(DataTypes.IntegerType, false),
                        false, Metadata.empty()));
            } else {
                slots.add(new OutputSlot.Passthrough(i, field.dataType()));
                fields.add(field);
            }
        }
        RecordPlan.BadRecordAction action = switch (config.errors().onBadRecord()) {
            case FAIL -> RecordPlan.BadRecordAction.FAIL;
            case SKIP -> RecordPlan.BadRecordAction.SKIP;
            case QUARANTINE -> RecordPlan.BadRecordAction.QUARANTINE;
        };
        RecordPlan plan = new RecordPlan(source, pipeline, slots, input.fileOrdinal(), input.rowOrdinal(), action);
        return new Planned(plan, new StructType(fields.toArray(StructField[]::new)));
    }

    private ArrayType listType(StructField field) {
        if (field.dataType() instanceof ArrayType array && SparkElementTypes.fromSpark(array.elementType()) != null) {
            return array;
        }
        throw new PreconditionException("Cannot read input " + config.input().path() + ": column " + field.name()
                + " is " + field.dataType().simpleString() + ", but the list layout needs a flat array of numbers"
                + " (array<float>, array<double>, array<tinyint>, array<smallint>, array<int> or array<bigint>);"
                + " check input.tensor.column and input.tensor.layout");
    }

    private ShapeSource shapeSource(TensorSpec spec) {
        if (spec.hasFixedShape()) {
            checkFree(FIXED_SHAPE_COLUMN, "the output shape");
            return new ShapeSource.Fixed(spec.fixedShape());
        }
        StructField field = input.field(spec.shapeColumn(), "input.tensor.shape_column", config.input().path());
        DataType type = field.dataType();
        if (type instanceof ArrayType array
                && (array.elementType() instanceof IntegerType || array.elementType() instanceof LongType)) {
            return new ShapeSource.Column(input.ordinalOf(field.name()), field.name(),
                    array.elementType() instanceof LongType);
        }
        throw new PreconditionException("Cannot read input " + config.input().path() + ": shape column "
                + field.name() + " is " + type.simpleString() + ", but a shape column must be array<int> or"
                + " array<bigint>; check input.tensor.shape_column");
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
            throw new PreconditionException("Cannot write output " + config.output().path() + ": the input already"
                    + " has a column named " + name + ", and the output needs that name for " + what
                    + "; rename or drop the input column first");
        }
    }

    private void addShapeColumn(String name, List<OutputSlot> slots, List<StructField> fields) {
        slots.add(new OutputSlot.PooledShape());
        fields.add(new StructField(name, DataTypes.createArrayType(DataTypes.IntegerType, false), false,
                Metadata.empty()));
    }

    /** The input column's metadata plus, when every record has the same output shape, that shape and its axis names. */
    static Metadata tensorMetadata(Metadata inputMetadata, int[] outputShape) {
        MetadataBuilder builder = new MetadataBuilder().withMetadata(inputMetadata);
        if (outputShape == null) {
            return builder.remove("shape").remove("dim_names").build();
        }
        long[] shape = Arrays.stream(outputShape).asLongStream().toArray();
        return builder.putLongArray("shape", shape).putStringArray("dim_names", dimNames(outputShape.length)).build();
    }

    static String[] dimNames(int rank) {
        String[] all = {"N", "C", "H", "W"};
        return Arrays.copyOfRange(all, all.length - rank, all.length);
    }
}
