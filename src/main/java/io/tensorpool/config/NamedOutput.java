package io.tensorpool.config;

import static io.tensorpool.config.ConfigKeys.OUTPUTS;
import static io.tensorpool.config.ConfigKeys.OUTPUTS_COLUMN;
import static io.tensorpool.config.ConfigKeys.OUTPUTS_INDICES_COLUMN;
import static io.tensorpool.config.ConfigKeys.OUTPUTS_SHAPE_COLUMN;

import io.tensorpool.kernel.PoolPipeline;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One entry of {@code outputs}: a named pipeline pooled from the same read as the others, with
 * the columns it writes. In each output row the input's tensor column (and its shape column, when
 * the input has one) is replaced, at its place, by every entry's columns in entry order: the
 * pooled tensor ({@link #column}), its shape ({@link #shapeColumn}), the indices when the last
 * operator returns them ({@link #indicesColumn}), and for {@code output.layout: binary} the stored
 * element type ({@link #dtypeColumn}). Every other input column is kept as it is.
 */
public final class NamedOutput extends Settings {
    private static final long serialVersionUID = 1L;

    /** The default {@code shape_column} is the entry's column with this suffix. */
    public static final String SHAPE_SUFFIX = "_shape";
    /** The default {@code indices_column} is the entry's column with this suffix. */
    public static final String INDICES_SUFFIX = "_indices";
    /** The stored element type of {@code output.layout: binary} is in the entry's column with this suffix. */
    public static final String DTYPE_SUFFIX = "_dtype";

    private final PoolPipeline pipeline;

    NamedOutput(Map<ConfigKey<?>, Object> values, PoolPipeline pipeline) {
        super(OUTPUTS, values);
        this.pipeline = Objects.requireNonNull(pipeline, "pipeline");
    }

    /**
     * An entry with the default shape and indices column names.
     *
     * @param column   the pooled tensor's column
     * @param pipeline the entry's operators
     */
    public NamedOutput(String column, PoolPipeline pipeline) {
        this(defaults(OUTPUTS).with(OUTPUTS_COLUMN, Objects.requireNonNull(column, "column"))
                .with(OUTPUTS_SHAPE_COLUMN, column + SHAPE_SUFFIX)
                .with(OUTPUTS_INDICES_COLUMN, pipeline.returnsIndices() ? column + INDICES_SUFFIX : null).map(),
                pipeline);
    }

    /** {@link ConfigKeys#OUTPUTS_COLUMN}. */
    public String column() {
        return get(OUTPUTS_COLUMN);
    }

    /** {@link ConfigKeys#OUTPUTS_SHAPE_COLUMN}, with its default filled in. */
    public String shapeColumn() {
        return get(OUTPUTS_SHAPE_COLUMN);
    }

    /** {@link ConfigKeys#OUTPUTS_INDICES_COLUMN}: set exactly when the pipeline returns indices. */
    public String indicesColumn() {
        return get(OUTPUTS_INDICES_COLUMN);
    }

    /** The column of the stored element type under {@code output.layout: binary}. */
    public String dtypeColumn() {
        return column() + DTYPE_SUFFIX;
    }

    /** The entry's operators. */
    public PoolPipeline pipeline() {
        return pipeline;
    }

    /** Every column the entry writes under {@code layout}, in the order they appear in the row. */
    public List<String> columns(OutputLayout layout) {
        List<String> columns = new ArrayList<>(List.of(column(), shapeColumn()));
        if (indicesColumn() != null) {
            columns.add(indicesColumn());
        }
        if (layout == OutputLayout.BINARY) {
            columns.add(dtypeColumn());
        }
        return columns;
    }

    @Override
    public boolean equals(Object other) {
        return super.equals(other) && ((NamedOutput) other).pipeline.equals(pipeline);
    }

    @Override
    public int hashCode() {
        return 31 * super.hashCode() + pipeline.hashCode();
    }
}
