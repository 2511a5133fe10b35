package io.tensorpool.config;

import java.io.Serializable;
import java.util.List;
import java.util.Objects;

/**
 * {@code input.tensor}: where the tensor of each record is and how it is stored. Components that
 * do not apply to the layout are {@code null}; the loader rejects a config that sets them.
 *
 * @param column       {@code column}: the tensor column ({@code image} by default for {@code image_files} input)
 * @param layout       {@code layout}: how the column stores the tensor
 * @param shapeColumn  {@code shape_column}: an {@code array<int>} column with each record's shape;
 *                     {@code null} unless the layout is {@code list} or {@code binary} and no fixed shape is given
 * @param shape        {@code shape}: one fixed stored shape (rank 2 to 4, in {@code dimOrder}'s order)
 *                     for every record; {@code null} unless the layout is {@code list} or {@code binary}
 *                     and no shape column is given
 * @param dtype        {@code dtype}: the stored element type; set for the {@code binary} layout only
 * @param dimOrder     {@code dim_order}: the stored axis order; {@code null} for the {@code image} and
 *                     {@code encoded} layouts, whose decoders always produce {@code (C, H, W)}
 * @param channelOrder {@code channel_order}: the channel order pooled; set for the {@code image} and
 *                     {@code encoded} layouts only
 */
public record TensorSpec(String column, TensorLayout layout, String shapeColumn, List<Integer> shape,
                         StorageDType dtype, DimOrder dimOrder, ChannelOrder channelOrder) implements Serializable {

    public TensorSpec {
        Objects.requireNonNull(column, "column");
        Objects.requireNonNull(layout, "layout");
        shape = shape == null ? null : List.copyOf(shape);
    }

    /** True when every record has the one shape given by {@code shape}. */
    public boolean hasFixedShape() {
        return shape != null;
    }

    /** The fixed shape as a new array, or {@code null} when the shape comes from a column or the data. */
    public int[] fixedShape() {
        return shape == null ? null : shape.stream().mapToInt(Integer::intValue).toArray();
    }
}
