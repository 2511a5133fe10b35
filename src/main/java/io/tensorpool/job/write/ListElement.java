package io.tensorpool.job.write;

import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.spark.sql.catalyst.util.ArrayData;
import org.apache.spark.sql.types.ByteType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DoubleType;
import org.apache.spark.sql.types.FloatType;
import org.apache.spark.sql.types.IntegerType;
import org.apache.spark.sql.types.LongType;
import org.apache.spark.sql.types.ShortType;
import org.apache.spark.unsafe.Platform;

/**
 * An element type the bulk writer writes: its width in Spark's arrays and as a Parquet PLAIN
 * value ({@code tinyint} and {@code smallint} are Parquet INT32, as Spark writes them), and how to
 * move values into a page. Values are written in the machine's byte order, which the writer only
 * uses when that is little-endian, Parquet's ({@link WriteSettings#unsupported}).
 */
enum ListElement {
    FLOAT32(4, 4, PrimitiveTypeName.FLOAT),
    FLOAT64(8, 8, PrimitiveTypeName.DOUBLE),
    INT8(1, 4, PrimitiveTypeName.INT32),
    INT16(2, 4, PrimitiveTypeName.INT32),
    INT32(4, 4, PrimitiveTypeName.INT32),
    INT64(8, 8, PrimitiveTypeName.INT64);

    /** Bytes per element in Spark's {@code UnsafeArrayData}. */
    final int sparkWidth;
    /** Bytes per PLAIN value in the page. */
    final int parquetWidth;
    final PrimitiveTypeName parquetType;

    ListElement(int sparkWidth, int parquetWidth, PrimitiveTypeName parquetType) {
        this.sparkWidth = sparkWidth;
        this.parquetWidth = parquetWidth;
        this.parquetType = parquetType;
    }

    /** The element type of a Spark array's elements, or null when the bulk writer does not take it. */
    static ListElement of(DataType type) {
        if (type instanceof FloatType) {
            return FLOAT32;
        } else if (type instanceof DoubleType) {
            return FLOAT64;
        } else if (type instanceof ByteType) {
            return INT8;
        } else if (type instanceof ShortType) {
            return INT16;
        } else if (type instanceof IntegerType) {
            return INT32;
        } else if (type instanceof LongType) {
            return INT64;
        }
        return null;
    }

    /**
     * Copies {@code count} elements stored at {@code base}/{@code offset} (Spark's layout) into
     * {@code page} at {@code position} as PLAIN values: one memory copy when the widths agree.
     */
    void copy(Object base, long offset, int count, byte[] page, int position) {
        long to = Platform.BYTE_ARRAY_OFFSET + (long) position;
        switch (this) {
            case INT8 -> {
                for (int i = 0; i < count; i++) {
                    Platform.putInt(page, to + 4L * i, Platform.getByte(base, offset + i));
                }
            }
            case INT16 -> {
                for (int i = 0; i < count; i++) {
                    Platform.putInt(page, to + 4L * i, Platform.getShort(base, offset + 2L * i));
                }
            }
            default -> Platform.copyMemory(base, offset, page, to, (long) count * sparkWidth);
        }
    }

    /** Writes element {@code i} of {@code array} (not null) into {@code page} at {@code position}. */
    void put(ArrayData array, int i, byte[] page, int position) {
        long to = Platform.BYTE_ARRAY_OFFSET + (long) position;
        switch (this) {
            case FLOAT32 -> Platform.putFloat(page, to, array.getFloat(i));
            case FLOAT64 -> Platform.putDouble(page, to, array.getDouble(i));
            case INT8 -> Platform.putInt(page, to, array.getByte(i));
            case INT16 -> Platform.putInt(page, to, array.getShort(i));
            case INT32 -> Platform.putInt(page, to, array.getInt(i));
            case INT64 -> Platform.putLong(page, to, array.getLong(i));
        }
    }
}
