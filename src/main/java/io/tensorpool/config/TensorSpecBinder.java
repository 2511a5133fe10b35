package io.tensorpool.config;

import static io.tensorpool.config.ConfigKeys.IMAGE_FILES_COLUMN;
import static io.tensorpool.config.ConfigKeys.TENSOR;
import static io.tensorpool.config.ConfigKeys.TENSOR_CHANNEL_ORDER;
import static io.tensorpool.config.ConfigKeys.TENSOR_COLUMN;
import static io.tensorpool.config.ConfigKeys.TENSOR_DIM_ORDER;
import static io.tensorpool.config.ConfigKeys.TENSOR_DTYPE;
import static io.tensorpool.config.ConfigKeys.TENSOR_LAYOUT;
import static io.tensorpool.config.ConfigKeys.TENSOR_SHAPE;
import static io.tensorpool.config.ConfigKeys.TENSOR_SHAPE_COLUMN;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * Binds {@code input.tensor} to a {@link TensorSpec}, enforcing which keys each layout takes:
 * <ul>
 *   <li>{@code list} and {@code binary}: exactly one of {@code shape_column} and {@code shape};</li>
 *   <li>{@code nested}, {@code npy}, {@code image}, {@code encoded}: the shape comes from the data,
 *       so neither;</li>
 *   <li>{@code dtype}: required for {@code binary}, refused elsewhere;</li>
 *   <li>{@code channel_order}: {@code image} and {@code encoded} only; {@code dim_order}: all but those two;</li>
 *   <li>{@code image_files} input: layout {@code encoded} only, column {@code image} by default.</li>
 * </ul>
 * A key that would be ignored is an error rather than silently unused. Each key's own rule is in
 * its {@link ConfigKeys} definition.
 */
final class TensorSpecBinder {

    /** The layout of {@code image_files} input, the only one it has. */
    private static final TensorLayout IMAGE_FILES_LAYOUT = TensorLayout.ENCODED;

    private final Section tensor;
    private final InputFormat format;

    private TensorSpecBinder(Section tensor, InputFormat format) {
        this.tensor = tensor;
        this.format = format;
    }

    static TensorSpec bind(JsonNode value, InputFormat format) {
        return new TensorSpecBinder(TENSOR.open(value, TENSOR.path()), format).bind();
    }

    private TensorSpec bind() {
        TensorLayout layout = layout();
        String column = column();
        String shapeColumn = null;
        List<Integer> shape = null;
        if (layout.needsShape()) {
            boolean hasColumn = tensor.has(TENSOR_SHAPE_COLUMN);
            boolean hasShape = tensor.has(TENSOR_SHAPE);
            if (hasColumn && hasShape) {
                throw new ConfigProblem(tensor.at(TENSOR_SHAPE_COLUMN), "and " + TENSOR_SHAPE + " are both set;"
                        + " keep one: shape_column for a shape per record, shape for one fixed shape");
            }
            if (!hasColumn && !hasShape) {
                throw new ConfigProblem(tensor.at(TENSOR_SHAPE_COLUMN), "or " + TENSOR_SHAPE + " is required for layout "
                        + layout + "; set shape_column to the array<int> column holding each record's shape,"
                        + " or shape to one fixed shape such as [3, 224, 224]");
            }
            shapeColumn = tensor.read(TENSOR_SHAPE_COLUMN);
            shape = tensor.read(TENSOR_SHAPE);
        } else {
            refuse(TENSOR_SHAPE_COLUMN, layout, shapeSource(layout));
            refuse(TENSOR_SHAPE, layout, shapeSource(layout));
        }
        if (column.equals(shapeColumn)) {
            throw new ConfigProblem(tensor.at(TENSOR_SHAPE_COLUMN), "is " + shapeColumn + ", the tensor column itself;"
                    + " name the column that holds each record's shape");
        }
        if (layout == TensorLayout.BINARY) {
            tensor.require(TENSOR_DTYPE, "layout binary needs the stored element type, e.g. dtype: float32");
        } else {
            refuse(TENSOR_DTYPE, layout, dtypeSource(layout));
        }
        if (layout.isImage()) {
            refuse(TENSOR_DIM_ORDER, layout, ", which always gives (C, H, W) tensors");
            tensor.read(TENSOR_CHANNEL_ORDER);
        } else {
            DimOrder dimOrder = tensor.read(TENSOR_DIM_ORDER);
            if (shape != null && !dimOrder.accepts(shape.size())) {
                throw new ConfigProblem(tensor.at(TENSOR_DIM_ORDER), "is " + dimOrder + ", which needs a rank "
                        + dimOrder.rank() + " shape, but " + TENSOR_SHAPE + " " + shape + " has rank " + shape.size()
                        + "; use dim_order " + ordersOfRank(shape.size()));
            }
            refuse(TENSOR_CHANNEL_ORDER, layout, "; only the image and encoded layouts have a channel order");
        }
        return new TensorSpec(tensor.values());
    }

    /** {@code image_files} input has one layout, {@code encoded}; naming another is a mistake. */
    private TensorLayout layout() {
        if (format != InputFormat.IMAGE_FILES) {
            return tensor.read(TENSOR_LAYOUT);
        }
        if (tensor.has(TENSOR_LAYOUT) && tensor.read(TENSOR_LAYOUT) != IMAGE_FILES_LAYOUT) {
            throw new ConfigProblem(tensor.at(TENSOR_LAYOUT), "is " + tensor.read(TENSOR_LAYOUT) + ", but input.format"
                    + " image_files reads PNG and JPEG files, whose layout is encoded; remove " + TENSOR_LAYOUT);
        }
        tensor.decide(TENSOR_LAYOUT, IMAGE_FILES_LAYOUT);
        return IMAGE_FILES_LAYOUT;
    }

    /** {@code image_files} input names the column its decoded images get, {@code image} unless told. */
    private String column() {
        if (format == InputFormat.IMAGE_FILES && !tensor.has(TENSOR_COLUMN)) {
            tensor.decide(TENSOR_COLUMN, IMAGE_FILES_COLUMN);
        }
        return tensor.read(TENSOR_COLUMN);
    }

    /** A key the layout does not use is an error: silently ignoring it would hide a mistake. */
    private void refuse(ConfigKey<?> key, TensorLayout layout, String why) {
        String subject = format == InputFormat.IMAGE_FILES ? "input.format image_files" : "layout " + layout;
        tensor.notApplicable(key, "does not apply to " + subject + why + "; remove it");
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
        return orders.isEmpty() ? TENSOR_DIM_ORDER.defaultValue() + " (channels-first, any rank)"
                : String.join(" or ", orders) + " for a rank " + rank + " shape";
    }
}
