package io.tensorpool.job;

import io.tensorpool.config.OutputDType;
import io.tensorpool.config.OutputLayout;
import io.tensorpool.kernel.ElementType;
import io.tensorpool.kernel.Tensor;
import io.tensorpool.tensor.NpyCodec;
import io.tensorpool.tensor.OutputCast;
import io.tensorpool.tensor.RawTensorCodec;
import io.tensorpool.tensor.spark.ListCells;
import io.tensorpool.tensor.spark.SparkElementTypes;
import java.io.Serializable;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;

/**
 * Writes a pooled tensor as the output column's value: cast to {@code output.dtype}, then laid
 * out as {@code output.layout}: a flat list with non-null elements, raw little-endian bytes, or
 * a whole {@code .npy} file.
 *
 * @param pooledType the element type the operators produce (one per run)
 */
record TensorSink(OutputLayout layout, OutputDType dtype, ElementType pooledType, String column)
        implements Serializable {

    /** The value of the output cell for {@code pooled}. */
    Object write(Tensor pooled) {
        Tensor cast = OutputCast.apply(pooled, dtype, column);
        return switch (layout) {
            case LIST -> ListCells.write(cast);
            case BINARY -> RawTensorCodec.encode(cast, dtype.storageType(pooledType));
            case NPY -> NpyCodec.encode(cast, dtype.storageType(pooledType));
        };
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
