package io.tensorpool.config;

import static io.tensorpool.config.Keys.CHANNEL_ORDER;
import static io.tensorpool.config.Keys.COLUMN;
import static io.tensorpool.config.Keys.DIM_ORDER;
import static io.tensorpool.config.Keys.DTYPE;
import static io.tensorpool.config.Keys.LAYOUT;
import static io.tensorpool.config.Keys.SHAPE;
import static io.tensorpool.config.Keys.SHAPE_COLUMN;

import com.fasterxml.jackson.databind.JsonNode;
import io.tensorpool.kernel.Tensor;
import java.util.ArrayList;
import java.util.List;

/**
 * Binds {@code input.tensor} to a {@link TensorSpec}, enforcing which keys each layout takes:
 * <ul>
 *   <li>{@code list} and {@code binary}: exactly one of {@code shape_column} and {@code shape};</li>
 *   <li>{@code nested}, {@code npy}, {@code image}, {@code encoded}: the shape comes from the data,
 *       so neither;</li>
 *   <li>{@code dtype}: required for {@code binary}, refused elsewhere;</li>
 *   <li>{@code channel_order}: {@code image} and {@code encoded} only; {@code dim_order}: all but those two.</li>
 * </ul>
 * A key that would be ignored is an error rather than silently unused.
 */
final class TensorSpecBinder {

    static final String NAME = Keys.INPUT + "." + Keys.TENSOR;
    static final String SHAPES = "a list of 2 to 4 ints >= 1, such as [3, 224, 224]";

    private final Section tensor;
    private final InputFormat format;

    private TensorSpecBinder(Section tensor, InputFormat format) {
        this.tensor = tensor;
        this.format = format;
    }

    static TensorSpec bind(JsonNode value, KeyPath path, InputFormat format) {
        Section tensor = Section.of(value, path, NAME, "a mapping with column, layout and shape_column or shape");
        tensor.rejectUnknownKeys(Keys.TENSOR_KEYS, Keys.elsewhere(NAME));
        return new TensorSpecBinder(tensor, format).bind();
    }

    private TensorSpec bind() {
        TensorLayout layout = layout();
        String column = column();
        String shapeColumn = null;
        List<Integer> shape = null;
        if (layout.needsShape()) {
            boolean hasColumn = tensor.has(SHAPE_COLUMN);
            boolean hasShape = tensor.has(SHAPE);
            if (hasColumn && hasShape) {
                throw new ConfigProblem(tensor.at(SHAPE_COLUMN), "and " + tensor.at(SHAPE) + " are both set;"
                        + " keep one: shape_column for a shape per record, shape for one fixed shape");
            }
            if (!hasColumn && !hasShape) {
                throw new ConfigProblem(tensor.at(SHAPE_COLUMN), "or " + tensor.at(SHAPE) + " is required for layout "
                        + layout + "; set shape_column to the array<int> column holding each record's shape,"
                        + " or shape to one fixed shape such as [3, 224, 224]");
            }
            shapeColumn = hasColumn ? Values.text(tensor.get(SHAPE_COLUMN), tensor.at(SHAPE_COLUMN), "a column name") : null;
            shape = hasShape ? shape() : null;
        } else {
            refuse(SHAPE_COLUMN, layout, shapeSource(layout));
            refuse(SHAPE, layout, shapeSource(layout));
        }
        if (column.equals(shapeColumn)) {
            throw new ConfigProblem(tensor.at(SHAPE_COLUMN), "is " + shapeColumn + ", the tensor column itself;"
                    + " name the column that holds each record's shape");
        }
        StorageDType dtype = null;
        if (layout == TensorLayout.BINARY) {
            JsonNode value = tensor.require(DTYPE, "layout binary needs the stored element type, e.g. dtype: float32");
            dtype = Values.choice(value, tensor.at(DTYPE), StorageDType.class);
        } else {
            refuse(DTYPE, layout, dtypeSource(layout));
        }
        DimOrder dimOrder = null;
        ChannelOrder channelOrder = null;
        if (layout.isImage()) {
            refuse(DIM_ORDER, layout, ", which always gives (C, H, W) tensors");
            channelOrder = tensor.has(CHANNEL_ORDER)
                    ? Values.choice(tensor.get(CHANNEL_ORDER), tensor.at(CHANNEL_ORDER), ChannelOrder.class)
                    : Defaults.CHANNEL_ORDER;
        } else {
            dimOrder = tensor.has(DIM_ORDER)
                    ? Values.choice(tensor.get(DIM_ORDER), tensor.at(DIM_ORDER), DimOrder.class)
                    : Defaults.DIM_ORDER;
            if (shape != null && !dimOrder.accepts(shape.size())) {
                throw new ConfigProblem(tensor.at(DIM_ORDER), "is " + dimOrder + ", which needs a rank " + dimOrder.rank()
                        + " shape, but " + tensor.at(SHAPE) + " " + shape + " has rank " + shape.size()
                        + "; use dim_order " + ordersOfRank(shape.size()));
            }
            refuse(CHANNEL_ORDER, layout, "; only the image and encoded layouts have a channel order");
        }
        return new TensorSpec(column, layout, shapeColumn, shape, dtype, dimOrder, channelOrder);
    }

    /** {@code image_files} input has one layout, {@code encoded}; naming another is a mistake. */
    private TensorLayout layout() {
        TensorLayout layout = tensor.has(LAYOUT)
                ? Values.choice(tensor.get(LAYOUT), tensor.at(LAYOUT), TensorLayout.class)
                : null;
        if (format == InputFormat.IMAGE_FILES) {
            if (layout != null && layout != Defaults.IMAGE_FILES_LAYOUT) {
                throw new ConfigProblem(tensor.at(LAYOUT), "is " + layout + ", but input.format image_files reads PNG"
                        + " and JPEG files, whose layout is encoded; remove " + tensor.at(LAYOUT));
            }
            return Defaults.IMAGE_FILES_LAYOUT;
        }
        return layout == null ? Defaults.TENSOR_LAYOUT : layout;
    }

    private String column() {
        if (format == InputFormat.IMAGE_FILES && !tensor.has(COLUMN)) {
            return Defaults.IMAGE_FILES_COLUMN;
        }
        JsonNode value = tensor.require(COLUMN, "set it to the name of the column holding the tensors");
        return Values.text(value, tensor.at(COLUMN), "a column name");
    }

    private List<Integer> shape() {
        JsonNode value = tensor.get(SHAPE);
        KeyPath path = tensor.at(SHAPE);
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
        return shape;
    }

    /** A key the layout does not use is an error: silently ignoring it would hide a mistake. */
    private void refuse(String key, TensorLayout layout, String why) {
        if (tensor.has(key)) {
            String subject = format == InputFormat.IMAGE_FILES ? "input.format image_files" : "layout " + layout;
            throw new ConfigProblem(tensor.at(key), "does not apply to " + subject + why + "; remove it");
        }
    }

    private static String shapeSource(TensorLayout layout) {
        switch (layout) {
            case NESTED:
                return ", which takes each record's shape from the nesting";
            case NPY:
                return ", which reads each record's shape from the .npy header";
            case IMAGE:
                return ", which takes each record's shape from Spark's image struct";
            default:
                return ", which takes each record's shape from the decoded image";
        }
    }

    private static String dtypeSource(TensorLayout layout) {
        switch (layout) {
            case LIST:
            case NESTED:
                return ", which takes the element type from the Parquet column";
            case NPY:
                return ", which reads the element type from the .npy header";
            default:
                return ", which is always uint8";
        }
    }

    private static String ordersOfRank(int rank) {
        List<String> orders = new ArrayList<>();
        for (DimOrder order : DimOrder.values()) {
            if (order.rank() == rank) {
                orders.add(order.configName());
            }
        }
        return orders.isEmpty() ? Defaults.DIM_ORDER + " (channels-first, any rank)"
                : String.join(" or ", orders) + " for a rank " + rank + " shape";
    }
}
