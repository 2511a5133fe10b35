package io.tensorpool.job;

import io.tensorpool.config.OutputDType;
import io.tensorpool.config.OutputLayout;
import io.tensorpool.config.StorageDType;
import io.tensorpool.kernel.ElementType;
import io.tensorpool.kernel.Tensor;
import io.tensorpool.tensor.BadRecordException;
import io.tensorpool.tensor.NpyCodec;
import io.tensorpool.tensor.OutputCast;
import io.tensorpool.tensor.RawTensorCodec;
import io.tensorpool.tensor.RecordReasons;
import io.tensorpool.tensor.spark.ListCells;
import io.tensorpool.tensor.spark.SparkElementTypes;
import java.io.Serializable;
import java.util.Arrays;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;

/**
 * Encodes a pooled tensor as the output column's cell: cast to {@code output.dtype}, then laid
 * out as {@code output.layout}: a flat list with non-null elements, raw little-endian bytes, or
 * a whole {@code .npy} file.
 *
 * @param pooledType the element type the operators produce (one per run)
 */
record TensorCellEncoder(OutputLayout layout, OutputDType dtype, ElementType pooledType, String column)
        implements Serializable {

    /** Room for the {@code .npy} header (a few hundred bytes at most) beside the elements in one byte array. */
    static final long MAX_ENCODED_ELEMENT_BYTES = Tensor.MAX_ELEMENTS - 1024;

    /**
     * The value of the output cell for {@code pooled}.
     *
     * @throws BadRecordException {@code nan_to_uint8} (see {@link OutputCast}), or
     *     {@code shape_too_large} when the cell would be larger than one Spark value holds
     */
    Object encode(Tensor pooled) {
        Tensor cast = OutputCast.apply(pooled, dtype, column);
        if (layout == OutputLayout.LIST) {
            return ListCells.write(cast);
        }
        StorageDType storage = dtype.storageType(pooledType);
        if ((long) cast.size() * storage.byteSize() > MAX_ENCODED_ELEMENT_BYTES) {
            throw new BadRecordException(RecordReasons.SHAPE_TOO_LARGE, "Cannot write column '" + column + "' as "
                    + layout.configName() + ": the pooled tensor " + Arrays.toString(cast.shape()) + " of " + storage
                    + " takes " + (long) cast.size() * storage.byteSize() + " bytes, more than one binary value holds ("
                    + MAX_ENCODED_ELEMENT_BYTES + "); pool to a smaller output");
        }
        return layout == OutputLayout.BINARY ? RawTensorCodec.encode(cast, storage) : NpyCodec.encode(cast, storage);
    }

    /** The Spark type of the output column. */
    DataType sparkType() {
        return layout == OutputLayout.LIST
                ? DataTypes.createArrayType(SparkElementTypes.toSpark(dtype.elementType(pooledType)), false)
                : DataTypes.BinaryType;
    }

    /** The element type as stored, e.g. {@code float16}: the {@code dtype} column of binary output. */
    String storedTypeName() {
        return dtype.storageType(pooledType).configName();
    }
}
