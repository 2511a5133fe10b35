package io.tensorpool.ml;

import io.tensorpool.api.TensorPool;
import io.tensorpool.api.PoolingSpec;
import io.tensorpool.config.BadRecordPolicy;
import io.tensorpool.config.ConfigEnum;
import io.tensorpool.config.ConfigException;
import io.tensorpool.config.TensorLayout;
import java.io.Serializable;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.apache.spark.ml.Transformer;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.param.ParamValidators;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.DefaultParamsWriter;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.ml.util.MLWritable;
import org.apache.spark.ml.util.MLWriter;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.BinaryType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.IntegerType;
import org.apache.spark.sql.types.LongType;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import scala.runtime.AbstractFunction1;

/**
 * A Spark ML stage that pools the tensor column of each row with PyTorch's pooling operators:
 * the {@code tensorpool} job's pool step, through the library API
 * ({@link TensorPool#pool}), so the rows equal the job's bit for bit.
 *
 * <p>Params, named after the config keys they stand for:
 * <ul>
 *   <li>{@code inputCol} ({@code input.tensor.column}): the tensor column. Required.</li>
 *   <li>{@code outputCol}: where the pooled tensor goes. Unset or equal to {@code inputCol}, the
 *       column is pooled in place, as the job does; otherwise a new column is added at the end
 *       and {@code inputCol} is kept.</li>
 *   <li>{@code shapeCol} ({@code input.tensor.shape_column}): the column of each record's shape,
 *       replaced by the output shape as in the job. Needed by the {@code list} and {@code binary}
 *       layouts.</li>
 *   <li>{@code layout} ({@code input.tensor.layout}): {@code list} by default.</li>
 *   <li>{@code ops} ({@code ops}): the operators in the config's own YAML or JSON syntax, e.g.
 *       {@code [{op: max_pool2d, kernel_size: 3, stride: 2, padding: 1}]}, checked by the config's
 *       rules when set. Required.</li>
 *   <li>{@code onBadRecord} ({@code errors.on_bad_record}): {@code fail} (the default: the action
 *       reaching a bad record fails) or {@code skip} (bad records are left out). The job's
 *       {@code quarantine} has no place in a transformer's one output.</li>
 * </ul>
 *
 * <p>{@link #transformSchema} checks the column names and types against the layout and the
 * operators against the config's rules without reading a record and returns the output schema;
 * for the {@code npy} layout the output element type comes from the data, so planning it runs
 * a job over the first records, as the job does.
 */
public final class Pool2d extends Transformer implements MLWritable {
    private static final long serialVersionUID = 1L;

    private static final String[] LAYOUTS = names(TensorLayout.values());
    private static final String[] POLICIES = {
        BadRecordPolicy.FAIL.configName(), BadRecordPolicy.SKIP.configName()};

    private final String uid;
    private final Param<String> inputCol;
    private final Param<String> outputCol;
    private final Param<String> shapeCol;
    private final Param<String> layout;
    private final Param<String> ops;
    private final Param<String> onBadRecord;

    public Pool2d() {
        this("pool2d_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12));
    }

    /** The constructor Spark ML's readers and {@code copy} use. */
    public Pool2d(String uid) {
        this.uid = uid;
        this.inputCol = new Param<>(this, "inputCol", "input column name (input.tensor.column)");
        this.outputCol = new Param<>(this, "outputCol",
                "output column name; unset or equal to inputCol pools the input column in place");
        this.shapeCol = new Param<>(this, "shapeCol",
                "column of each record's shape (input.tensor.shape_column), replaced by the output shape");
        this.layout = new Param<>(this, "layout", "how inputCol stores a tensor (input.tensor.layout). Supported"
                + " options: " + String.join(", ", LAYOUTS), ParamValidators.inArray(LAYOUTS));
        this.ops = new Param<>(this, "ops", "the pooling operators in the config's YAML or JSON syntax (ops),"
                + " e.g. [{op: max_pool2d, kernel_size: 2}]", new OpsValidator());
        this.onBadRecord = new Param<>(this, "onBadRecord", "what to do with a record that cannot be pooled"
                + " (errors.on_bad_record). Supported options: " + String.join(", ", POLICIES),
                ParamValidators.inArray(POLICIES));
        setDefault(layout, TensorLayout.LIST.configName());
        setDefault(onBadRecord, BadRecordPolicy.FAIL.configName());
    }

    @Override
    public String uid() {
        return uid;
    }

    public Param<String> inputCol() {
        return inputCol;
    }

    public Param<String> outputCol() {
        return outputCol;
    }

    public Param<String> shapeCol() {
        return shapeCol;
    }

    public Param<String> layout() {
        return layout;
    }

    public Param<String> ops() {
        return ops;
    }

    public Param<String> onBadRecord() {
        return onBadRecord;
    }

    public Pool2d setInputCol(String value) {
        return (Pool2d) set(inputCol, value);
    }

    public Pool2d setOutputCol(String value) {
        return (Pool2d) set(outputCol, value);
    }

    public Pool2d setShapeCol(String value) {
        return (Pool2d) set(shapeCol, value);
    }

    public Pool2d setLayout(String value) {
        return (Pool2d) set(layout, value);
    }

    public Pool2d setOps(String value) {
        return (Pool2d) set(ops, value);
    }

    public Pool2d setOnBadRecord(String value) {
        return (Pool2d) set(onBadRecord, value);
    }

    public String getInputCol() {
        return $(inputCol);
    }

    public String getOutputCol() {
        return isDefined(outputCol) ? $(outputCol) : getInputCol();
    }

    public String getShapeCol() {
        return isDefined(shapeCol) ? $(shapeCol) : null;
    }

    public String getLayout() {
        return $(layout);
    }

    public String getOps() {
        return $(ops);
    }

    public String getOnBadRecord() {
        return $(onBadRecord);
    }

    /** The library spec these params stand for, pooling {@code column}. */
    PoolingSpec spec(String column) {
        require(isDefined(inputCol), "Param inputCol must be set.");
        require(isDefined(ops), "Param ops must be set.");
        StringBuilder yaml = new StringBuilder("input:\n  tensor:\n    column: ").append(quoted(column))
                .append("\n    layout: ").append(getLayout()).append('\n');
        if (getShapeCol() != null) {
            yaml.append("    shape_column: ").append(quoted(getShapeCol())).append('\n');
        }
        yaml.append(opsSection(getOps()));
        yaml.append("errors:\n  on_bad_record: ").append(getOnBadRecord()).append('\n');
        try {
            return PoolingSpec.fromYaml(yaml.toString());
        } catch (ConfigException e) {
            throw new IllegalArgumentException("requirement failed: " + e.getMessage(), e);
        }
    }

    @Override
    public Dataset<Row> transform(Dataset<?> dataset) {
        transformSchema(dataset.schema());
        return pooled(dataset.toDF());
    }

    private Dataset<Row> pooled(Dataset<Row> input) {
        String in = getInputCol();
        String out = getOutputCol();
        if (out.equals(in)) {
            return TensorPool.pool(input, spec(in)).rows();
        }
        return TensorPool.pool(input.withColumn(out, input.col(quotedName(in))), spec(out)).rows();
    }

    /**
     * Checks what the schema shows (the columns, their types against the layout, the operators)
     * and gives the schema of the pooled rows, without reading a record (but see the class
     * comment on {@code npy}). The rows {@link #transform} gives have the same columns and types;
     * from a plain Parquet scan their tensor column's metadata may also hold the one output shape,
     * read from the files' footers as the job does.
     */
    @Override
    public StructType transformSchema(StructType schema) {
        String in = getInputCol();
        String out = getOutputCol();
        TensorLayout tensorLayout = Arrays.stream(TensorLayout.values())
                .filter(value -> value.configName().equals(getLayout())).findFirst().orElseThrow();
        checkColumn(schema, in, tensorLayout);
        if (getShapeCol() != null) {
            DataType shape = field(schema, getShapeCol()).dataType();
            require(shape instanceof ArrayType array
                            && (array.elementType() instanceof IntegerType || array.elementType() instanceof LongType),
                    "Column " + getShapeCol() + " must be of type array<int> or array<bigint> but was actually "
                            + shape.catalogString() + ".");
        }
        require(out.equals(in) || !Arrays.asList(schema.fieldNames()).contains(out),
                "Output column " + out + " already exists.");
        spec(in);
        StructType input = out.equals(in) ? schema : schema.add(new StructField(out, field(schema, in).dataType(),
                field(schema, in).nullable(), field(schema, in).metadata()));
        Dataset<Row> empty = SparkSession.active().createDataFrame(List.of(), input);
        return TensorPool.pool(empty, spec(out)).rows().schema();
    }

    /** The input column's type against the layout, in Spark ML's words ({@code SchemaUtils.checkColumnType}). */
    private static void checkColumn(StructType schema, String column, TensorLayout tensorLayout) {
        DataType type = field(schema, column).dataType();
        String expected = switch (tensorLayout) {
            case LIST -> type instanceof ArrayType a && a.elementType() instanceof NumericType ? null
                    : "array of numbers (e.g. array<float>)";
            case NESTED -> nestedNumbers(type) ? null : "arrays of numbers nested 2 to 4 deep (e.g. array<array<array<float>>>)";
            case BINARY, NPY -> type instanceof BinaryType ? null : "binary";
            case ENCODED -> type instanceof BinaryType || type instanceof StructType ? null
                    : "binary, or a struct with a binary bytes field";
            case IMAGE -> type instanceof StructType ? null : "Spark's image struct";
        };
        require(expected == null, "Column " + column + " must be of type " + expected + " for layout "
                + tensorLayout.configName() + " but was actually " + type.catalogString() + ".");
    }

    private static boolean nestedNumbers(DataType type) {
        int rank = 0;
        while (type instanceof ArrayType array) {
            rank++;
            type = array.elementType();
        }
        return rank >= 2 && rank <= 4 && type instanceof NumericType;
    }

    private static StructField field(StructType schema, String column) {
        for (StructField field : schema.fields()) {
            if (field.name().equals(column)) {
                return field;
            }
        }
        throw new IllegalArgumentException("requirement failed: Column " + column + " does not exist. Available: "
                + String.join(", ", schema.fieldNames()) + ".");
    }

    private static void require(boolean requirement, String message) {
        if (!requirement) {
            throw new IllegalArgumentException("requirement failed: " + message);
        }
    }

    private static String quoted(String name) {
        return "\"" + name.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    private static String quotedName(String column) {
        return "`" + column.replace("`", "``") + "`";
    }

    @Override
    public Pool2d copy(ParamMap extra) {
        return (Pool2d) defaultCopy(extra);
    }

    @Override
    public MLWriter write() {
        return new DefaultParamsWriter(this);
    }

    /** The reader {@code PipelineModel.load} finds by reflection. */
    public static MLReader<Pool2d> read() {
        return new DefaultParamsReader<>();
    }

    public static Pool2d load(String path) {
        return read().load(path);
    }

    /** The {@code ops:} section of a config holding {@code ops}, block or flow YAML, indented under its key. */
    private static String opsSection(String ops) {
        StringBuilder yaml = new StringBuilder("ops:\n");
        ops.lines().forEach(line -> yaml.append("  ").append(line).append('\n'));
        return yaml.toString();
    }

    private static String[] names(ConfigEnum[] values) {
        return Arrays.stream(values).map(ConfigEnum::configName).toArray(String[]::new);
    }

    /** Checks {@code ops} with the config's rules when it is set; the message is the config's. */
    private static final class OpsValidator extends AbstractFunction1<String, Object> implements Serializable {
        private static final long serialVersionUID = 1L;

        @Override
        public Object apply(String value) {
            try {
                PoolingSpec.fromYaml("input: {tensor: {column: x, shape_column: shape}}\n" + opsSection(value));
            } catch (ConfigException e) {
                throw new IllegalArgumentException("requirement failed: " + e.getMessage(), e);
            }
            return Boolean.TRUE;
        }
    }
}
