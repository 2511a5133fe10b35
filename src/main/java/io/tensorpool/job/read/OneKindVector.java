package io.tensorpool.job.read;

import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.Decimal;
import org.apache.spark.sql.vectorized.ColumnVector;
import org.apache.spark.sql.vectorized.ColumnarArray;
import org.apache.spark.sql.vectorized.ColumnarMap;
import org.apache.spark.unsafe.types.UTF8String;

/**
 * A column vector of one kind of value: every getter Spark declares refuses, and a subclass
 * gives the ones of its kind. Spark's column vectors must answer for every type; this package's
 * hold either floats or float arrays, and a getter of another type being called is a bug.
 */
abstract class OneKindVector extends ColumnVector {
    private final String holds;

    /** @param holds what the vector holds, for the message of a getter of another kind */
    OneKindVector(DataType type, String holds) {
        super(type);
        this.holds = holds;
    }

    private UnsupportedOperationException otherKind() {
        return new UnsupportedOperationException("A vector of " + holds + " was asked for another type");
    }

    @Override
    public void close() {
    }

    @Override
    public boolean getBoolean(int rowId) {
        throw otherKind();
    }

    @Override
    public byte getByte(int rowId) {
        throw otherKind();
    }

    @Override
    public short getShort(int rowId) {
        throw otherKind();
    }

    @Override
    public int getInt(int rowId) {
        throw otherKind();
    }

    @Override
    public long getLong(int rowId) {
        throw otherKind();
    }

    @Override
    public float getFloat(int rowId) {
        throw otherKind();
    }

    @Override
    public double getDouble(int rowId) {
        throw otherKind();
    }

    @Override
    public ColumnarArray getArray(int rowId) {
        throw otherKind();
    }

    @Override
    public ColumnarMap getMap(int ordinal) {
        throw otherKind();
    }

    @Override
    public Decimal getDecimal(int rowId, int precision, int scale) {
        throw otherKind();
    }

    @Override
    public UTF8String getUTF8String(int rowId) {
        throw otherKind();
    }

    @Override
    public byte[] getBinary(int rowId) {
        throw otherKind();
    }

    @Override
    public ColumnVector getChild(int ordinal) {
        throw otherKind();
    }
}
