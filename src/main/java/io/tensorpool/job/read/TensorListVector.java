package io.tensorpool.job.read;

import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.vectorized.ColumnVector;
import org.apache.spark.sql.vectorized.ColumnarArray;

/**
 * The tensor column of one column batch, read on demand: the cell of row {@code i} is read from
 * the file and row index the batch's {@code _metadata} columns give for {@code i}, when the row
 * is first asked about ({@link #isNullAt} or {@link #getArray}), and kept until another row is.
 * It stands in the batch where Spark's reader would have put the column, so the rows the job
 * reads are the same rows, at the same ordinals.
 */
final class TensorListVector extends OneKindVector {
    private final ColumnVector files;
    private final ColumnVector rows;
    private final int numRows;
    private final TaskListFiles source;
    private final RecordValues record;

    TensorListVector(DataType type, ColumnVector files, ColumnVector rows, int numRows, TaskListFiles source,
                     RecordValues record) {
        super(type, "tensor cells");
        this.files = files;
        this.rows = rows;
        this.numRows = numRows;
        this.source = source;
        this.record = record;
    }

    private void read(int rowId) {
        if (!record.holds(this, rowId)) {
            record.forget();
            source.read(files.getUTF8String(rowId), rows.getLong(rowId), record);
            record.heldFor(this, rowId);
        }
    }

    @Override
    public boolean isNullAt(int rowId) {
        read(rowId);
        return record.isNullCell();
    }

    @Override
    public ColumnarArray getArray(int rowId) {
        read(rowId);
        return record.array();
    }

    @Override
    public boolean hasNull() {
        return numNulls() > 0;
    }

    /** Reads every row of the batch: Spark's row views never ask, so this costs nothing in a run. */
    @Override
    public int numNulls() {
        int nulls = 0;
        for (int i = 0; i < numRows; i++) {
            nulls += isNullAt(i) ? 1 : 0;
        }
        return nulls;
    }
}
