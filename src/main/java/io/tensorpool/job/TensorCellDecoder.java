package io.tensorpool.job;

import io.tensorpool.config.ChannelOrder;
import io.tensorpool.config.DimOrder;
import io.tensorpool.config.StorageDType;
import io.tensorpool.kernel.ElementType;
import io.tensorpool.kernel.Tensor;
import io.tensorpool.tensor.BadRecordException;
import io.tensorpool.tensor.DimOrders;
import io.tensorpool.tensor.ImageDecoder;
import io.tensorpool.tensor.NpyCodec;
import io.tensorpool.tensor.RawTensorCodec;
import io.tensorpool.tensor.RecordReasons;
import io.tensorpool.tensor.SparkImageStruct;
import io.tensorpool.tensor.spark.BinaryCells;
import io.tensorpool.tensor.spark.ListCells;
import io.tensorpool.tensor.spark.NestedCells;
import java.io.Serializable;
import org.apache.spark.sql.catalyst.InternalRow;

/**
 * Decodes the tensor cell of one input row, whatever layout the column has (see
 * {@code docs/tensor-layouts.md}). Implementations are immutable, built once on the driver from
 * the config and the input schema, and broadcast with the plan. (Not a Spark data source: it
 * turns one cell into a {@code Tensor}; {@link TensorCellEncoder} does the reverse.)
 */
sealed interface TensorCellDecoder extends Serializable {

    /**
     * The record's tensor, channels first: {@code (N, C, H, W)}, {@code (C, H, W)} or {@code (H, W)}.
     *
     * @throws BadRecordException when the cell is null or does not hold a valid tensor
     */
    Tensor decode(InternalRow row);

    /**
     * As {@link #decode(InternalRow)}; a decoder that can decode into an array of the task's
     * {@code arrays} does, so the returned tensor is valid only until the next record is read.
     */
    default Tensor decode(InternalRow row, TaskArrays arrays) {
        return decode(row);
    }

    /** The element type of every tensor this decoder yields. */
    ElementType elementType();

    /** The cell of {@code ordinal}, which must not be null. */
    private static void checkNotNull(InternalRow row, int ordinal, String column) {
        if (row.isNullAt(ordinal)) {
            throw new BadRecordException(RecordReasons.NULL_TENSOR, "column " + column + " is null");
        }
    }

    /** The {@code list} layout: a flat {@code array<number>} in C order plus a shape. */
    record FlatList(int ordinal, String column, ElementType elementType, boolean containsNull, ShapeSource shape)
            implements TensorCellDecoder {
        @Override
        public Tensor decode(InternalRow row) {
            checkNotNull(row, ordinal, column);
            int[] dims = shape.shapeOf(row);
            return ListCells.read(row.getArray(ordinal), elementType, containsNull, dims, column);
        }

        /** Float32 cells are copied into the task's input array when they can be (see {@link ListCells}). */
        @Override
        public Tensor decode(InternalRow row, TaskArrays arrays) {
            if (elementType != ElementType.FLOAT32) {
                return decode(row);
            }
            checkNotNull(row, ordinal, column);
            int[] dims = shape.shapeOf(row);
            return ListCells.readFloat32(row.getArray(ordinal), containsNull, dims, column, arrays::inputFloats);
        }
    }

    /** The {@code nested} layout: {@code array<array<...>>} of {@code rank} levels; the shape is the nesting. */
    record Nested(int ordinal, String column, int rank, ElementType elementType, boolean containsNull)
            implements TensorCellDecoder {
        @Override
        public Tensor decode(InternalRow row) {
            checkNotNull(row, ordinal, column);
            return NestedCells.read(row.getArray(ordinal), rank, elementType, containsNull, column);
        }
    }

    /** The {@code binary} layout: raw little-endian bytes of {@code dtype} in C order plus a shape. */
    record RawBytes(int ordinal, String column, StorageDType dtype, ShapeSource shape) implements TensorCellDecoder {
        @Override
        public Tensor decode(InternalRow row) {
            checkNotNull(row, ordinal, column);
            return RawTensorCodec.decode(row.getBinary(ordinal), dtype, shape.shapeOf(row), column);
        }

        /** Float32 cells are copied straight into the task's input array (see {@link BinaryCells}). */
        @Override
        public Tensor decode(InternalRow row, TaskArrays arrays) {
            if (dtype != StorageDType.FLOAT32) {
                return decode(row);
            }
            checkNotNull(row, ordinal, column);
            return BinaryCells.readFloat32(row, ordinal, shape.shapeOf(row), column, arrays::inputFloats);
        }

        @Override
        public ElementType elementType() {
            return dtype.decodedType();
        }
    }

    /**
     * The {@code npy} layout: a whole {@code .npy} file per cell. Shape and dtype come from each
     * header; every record must decode to {@code elementType} (that of the first record, found
     * on the driver), since the output column has one type.
     */
    record Npy(int ordinal, String column, ElementType elementType) implements TensorCellDecoder {
        @Override
        public Tensor decode(InternalRow row) {
            checkNotNull(row, ordinal, column);
            Tensor tensor = NpyCodec.decode(row.getBinary(ordinal), column);
            if (tensor.type() != elementType) {
                throw new BadRecordException(RecordReasons.DTYPE_MISMATCH, "column " + column + " holds a "
                        + tensor.type() + " array where the dataset's first record holds " + elementType
                        + "; one output column needs one element type");
            }
            return tensor;
        }
    }

    /**
     * The {@code image} layout: Spark's image struct (HWC, BGR(A), uint8), to CHW in the wanted
     * channel order. The ordinals are those of the struct's fields.
     */
    record SparkImage(int ordinal, String column, int fieldCount, int height, int width, int channels, int mode,
                      int data, ChannelOrder order) implements TensorCellDecoder {
        @Override
        public Tensor decode(InternalRow row) {
            checkNotNull(row, ordinal, column);
            InternalRow image = row.getStruct(ordinal, fieldCount);
            if (image.isNullAt(data) || image.isNullAt(height) || image.isNullAt(width) || image.isNullAt(channels)
                    || image.isNullAt(mode)) {
                throw new BadRecordException(RecordReasons.INVALID_IMAGE, "column " + column
                        + " is an image struct with a null field; Spark marks undecodable images so");
            }
            return SparkImageStruct.fromImageFields(image.getInt(height), image.getInt(width), image.getInt(channels),
                    image.getInt(mode), image.getBinary(data), order, column);
        }

        @Override
        public ElementType elementType() {
            return ElementType.UINT8;
        }
    }

    /**
     * The {@code encoded} layout: PNG or JPEG bytes, in a binary column or in the {@code bytes}
     * field of a struct (Hugging Face's {@code Image}: {@code struct<bytes, path>}), decoded to
     * CHW uint8.
     *
     * @param bytesField the ordinal of {@code bytes} inside the struct, or -1 for a binary column
     * @param memory     how much memory decoding one image may take
     */
    record Encoded(int ordinal, String column, int fieldCount, int bytesField, ChannelOrder order,
                   ImageMemoryBudget memory) implements TensorCellDecoder {
        @Override
        public Tensor decode(InternalRow row) {
            checkNotNull(row, ordinal, column);
            byte[] bytes;
            if (bytesField < 0) {
                bytes = row.getBinary(ordinal);
            } else {
                InternalRow struct = row.getStruct(ordinal, fieldCount);
                if (struct.isNullAt(bytesField)) {
                    throw new BadRecordException(RecordReasons.NULL_TENSOR, "column " + column
                            + ".bytes is null; the image has no encoded bytes");
                }
                bytes = struct.getBinary(bytesField);
            }
            return ImageDecoder.decode(bytes, order, column, memory.limit());
        }

        @Override
        public ElementType elementType() {
            return ElementType.UINT8;
        }
    }

    /** A channels-last decoder ({@code NHWC}, {@code HWC}) transposed to channels first on read. */
    record ChannelsFirst(TensorCellDecoder stored, DimOrder order, String column) implements TensorCellDecoder {
        @Override
        public Tensor decode(InternalRow row) {
            return DimOrders.toChannelsFirst(stored.decode(row), order, column);
        }

        @Override
        public Tensor decode(InternalRow row, TaskArrays arrays) {
            return DimOrders.toChannelsFirst(stored.decode(row, arrays), order, column);
        }

        @Override
        public ElementType elementType() {
            return stored.elementType();
        }
    }
}
