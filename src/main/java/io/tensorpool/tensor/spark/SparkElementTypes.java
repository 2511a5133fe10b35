package io.tensorpool.tensor.spark;

import io.tensorpool.kernel.ElementType;
import org.apache.spark.sql.types.ByteType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.DoubleType;
import org.apache.spark.sql.types.FloatType;
import org.apache.spark.sql.types.IntegerType;
import org.apache.spark.sql.types.LongType;
import org.apache.spark.sql.types.ShortType;

/**
 * Maps Spark's numeric SQL types to the kernels' element types and back.
 *
 * <p>Spark has no unsigned byte: {@code tinyint} is int8. A uint8 tensor (decoded images) is
 * written as {@code smallint} in list columns so that 200 stays 200 for every reader; binary and
 * {@code .npy} output keep the byte.
 */
public final class SparkElementTypes {
    private SparkElementTypes() {
    }

    /** The element type of a Spark numeric type, or {@code null} when it is not one we pool. */
    public static ElementType fromSpark(DataType type) {
        if (type instanceof FloatType) {
            return ElementType.FLOAT32;
        } else if (type instanceof DoubleType) {
            return ElementType.FLOAT64;
        } else if (type instanceof ByteType) {
            return ElementType.INT8;
        } else if (type instanceof ShortType) {
            return ElementType.INT16;
        } else if (type instanceof IntegerType) {
            return ElementType.INT32;
        } else if (type instanceof LongType) {
            return ElementType.INT64;
        }
        return null;
    }

    /** The Spark type a list column of {@code type} elements is written with. */
    public static DataType toSpark(ElementType type) {
        return switch (type) {
            case UINT8, INT16 -> DataTypes.ShortType;
            case INT8 -> DataTypes.ByteType;
            case INT32 -> DataTypes.IntegerType;
            case INT64 -> DataTypes.LongType;
            case FLOAT32 -> DataTypes.FloatType;
            case FLOAT64 -> DataTypes.DoubleType;
        };
    }
}
