package io.tensorpool.config;

import static io.tensorpool.config.ConfigKeys.TENSOR;
import static io.tensorpool.config.ConfigKeys.TENSOR_CHANNEL_ORDER;
import static io.tensorpool.config.ConfigKeys.TENSOR_COLUMN;
import static io.tensorpool.config.ConfigKeys.TENSOR_DIM_ORDER;
import static io.tensorpool.config.ConfigKeys.TENSOR_DTYPE;
import static io.tensorpool.config.ConfigKeys.TENSOR_LAYOUT;
import static io.tensorpool.config.ConfigKeys.TENSOR_SHAPE;
import static io.tensorpool.config.ConfigKeys.TENSOR_SHAPE_COLUMN;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * {@code input.tensor}: where the tensor of each record is and how it is stored. Keys that do
 * not apply to the layout are not set ({@code null}); the loader rejects a config that writes
 * them (see {@code TensorSpecBinder} for which layout takes which key). Every key of the section
 * is read with {@link #get}; the accessors below are shorthands.
 */
public final class TensorSpec extends Settings {
    private static final long serialVersionUID = 1L;

    TensorSpec(Map<ConfigKey<?>, Object> values) {
        super(TENSOR, values);
    }

    /** These keys as given, every other key of {@code input.tensor} at its default. */
    public TensorSpec(String column, TensorLayout layout, String shapeColumn, List<Integer> shape,
                      StorageDType dtype, DimOrder dimOrder, ChannelOrder channelOrder) {
        this(defaults(TENSOR).with(TENSOR_COLUMN, Objects.requireNonNull(column, "column"))
                .with(TENSOR_LAYOUT, Objects.requireNonNull(layout, "layout"))
                .with(TENSOR_SHAPE_COLUMN, shapeColumn).with(TENSOR_SHAPE, shape == null ? null : List.copyOf(shape))
                .with(TENSOR_DTYPE, dtype).with(TENSOR_DIM_ORDER, dimOrder).with(TENSOR_CHANNEL_ORDER, channelOrder)
                .map());
    }

    /** {@link ConfigKeys#TENSOR_COLUMN}. */
    public String column() {
        return get(TENSOR_COLUMN);
    }

    /** {@link ConfigKeys#TENSOR_LAYOUT}. */
    public TensorLayout layout() {
        return get(TENSOR_LAYOUT);
    }

    /** {@link ConfigKeys#TENSOR_SHAPE_COLUMN}, or {@code null} when the shape is fixed or comes from the data. */
    public String shapeColumn() {
        return get(TENSOR_SHAPE_COLUMN);
    }

    /** {@link ConfigKeys#TENSOR_SHAPE}, or {@code null} when the shape comes from a column or the data. */
    public List<Integer> shape() {
        return get(TENSOR_SHAPE);
    }

    /** {@link ConfigKeys#TENSOR_DTYPE}, set for the {@code binary} layout only. */
    public StorageDType dtype() {
        return get(TENSOR_DTYPE);
    }

    /** {@link ConfigKeys#TENSOR_DIM_ORDER}, {@code null} for the image layouts. */
    public DimOrder dimOrder() {
        return get(TENSOR_DIM_ORDER);
    }

    /** {@link ConfigKeys#TENSOR_CHANNEL_ORDER}, set for the image layouts only. */
    public ChannelOrder channelOrder() {
        return get(TENSOR_CHANNEL_ORDER);
    }

    /** True when every record has the one shape given by {@code shape}. */
    public boolean hasFixedShape() {
        return shape() != null;
    }

    /** The fixed shape as a new array, or {@code null} when the shape comes from a column or the data. */
    public int[] fixedShape() {
        List<Integer> shape = shape();
        return shape == null ? null : shape.stream().mapToInt(Integer::intValue).toArray();
    }
}
