package io.tensorpool.job;

import io.tensorpool.tensor.BadRecordException;
import io.tensorpool.tensor.spark.ListCells;
import java.io.IOException;
import java.util.Arrays;
import java.util.Locale;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.HadoopReadOptions;
import org.apache.parquet.column.page.PageReadStore;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.convert.GroupRecordConverter;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.apache.parquet.io.ColumnIOFactory;
import org.apache.parquet.io.RecordReader;
import org.apache.parquet.schema.GroupType;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Type;

/**
 * Reads one Parquet file's shape column with parquet-java on the calling thread, for
 * {@link UniformShapeProbe}'s answer without a Spark job: only that column's chunks are read.
 *
 * <p>It gives the same answer as Spark's reader would: a null shape is left out, a file without
 * the column holds only nulls (Spark reads a column missing from one file as null), names match
 * case-insensitively unless {@code spark.sql.caseSensitive} is on. It reads the list forms a
 * shape column takes: a {@code LIST} of int32 or int64 in three levels (whatever the inner names:
 * {@code list/element}, pyarrow's {@code item}, legacy Spark's {@code bag/array}) or two
 * ({@code repeated int32 array}), and a bare {@code repeated} int field. Anything else throws
 * {@link Unsupported}, and the probe asks Spark instead.
 */
final class ParquetShapeColumn {
    /** The column is in a form this reader does not read; Spark's reader decides. */
    static final class Unsupported extends Exception {
        private static final long serialVersionUID = 1L;

        Unsupported(String message) {
            super(message);
        }
    }

    private ParquetShapeColumn() {
    }

    /** The one shape {@code file}'s non-null shapes have (null if none), or not uniform. */
    static UniformShapeProbe.Report read(Configuration hadoop, String file, String column, boolean caseSensitive)
            throws IOException, Unsupported {
        Path path = new Path(file);
        try (ParquetFileReader reader = ParquetFileReader.open(HadoopInputFile.fromPath(path, hadoop),
                HadoopReadOptions.builder(hadoop, path).build())) {
            MessageType schema = reader.getFooter().getFileMetaData().getSchema();
            Type field = field(schema, column, caseSensitive);
            if (field == null) {
                return new UniformShapeProbe.Report(true, null);
            }
            Form form = Form.of(field);
            MessageType projection = new MessageType(schema.getName(), field);
            reader.setRequestedSchema(projection);
            ColumnIOFactory columns = new ColumnIOFactory(reader.getFooter().getFileMetaData().getCreatedBy());
            int[] first = null;
            PageReadStore rowGroup;
            while ((rowGroup = reader.readNextRowGroup()) != null) {
                RecordReader<Group> records = columns.getColumnIO(projection)
                        .getRecordReader(rowGroup, new GroupRecordConverter(projection));
                for (long row = 0; row < rowGroup.getRowCount(); row++) {
                    long[] dims = form.dims(records.read());
                    if (dims == null) {
                        continue;
                    }
                    int[] shape = validShape(dims, column);
                    if (shape == null || (first != null && !Arrays.equals(first, shape))) {
                        return new UniformShapeProbe.Report(false, null);
                    }
                    first = first == null ? shape : first;
                }
            }
            return new UniformShapeProbe.Report(true, first);
        }
    }

    /** The top-level field named {@code column} as Spark would resolve it, or null if the file has none. */
    private static Type field(MessageType schema, String column, boolean caseSensitive) throws Unsupported {
        if (schema.containsField(column)) {
            return schema.getType(column);
        }
        if (caseSensitive) {
            return null;
        }
        Type match = null;
        for (Type candidate : schema.getFields()) {
            if (candidate.getName().toLowerCase(Locale.ROOT).equals(column.toLowerCase(Locale.ROOT))) {
                if (match != null) {
                    throw new Unsupported("two columns match " + column + " without case");
                }
                match = candidate;
            }
        }
        return match;
    }

    /** A shape's dimensions if {@link ListCells#readShape} would accept them, else null. */
    private static int[] validShape(long[] dims, String column) {
        int[] shape = new int[dims.length];
        try {
            for (int i = 0; i < dims.length; i++) {
                shape[i] = ListCells.dimension(dims[i], i, column);
            }
            return ListCells.checkedRank(shape, column);
        } catch (BadRecordException e) {
            return null; // the record's own check reports it
        }
    }

    /** Where a shape column's integers sit, and how to take one record's dimensions out. */
    private record Form(boolean bare, boolean threeLevel, boolean longs) {
        /** A null dimension, which makes a shape invalid, as a value no valid shape has. */
        private static final long NULL_DIM = 0;

        static Form of(Type field) throws Unsupported {
            if (field.isPrimitive()) {
                if (!field.isRepetition(Type.Repetition.REPEATED)) {
                    throw new Unsupported(field.getName() + " is not a list");
                }
                return new Form(true, false, longs(field.asPrimitiveType()));
            }
            GroupType list = field.asGroupType();
            if (list.getFieldCount() != 1 || !list.getType(0).isRepetition(Type.Repetition.REPEATED)) {
                throw new Unsupported(field.getName() + " is not a one-field list group");
            }
            Type repeated = list.getType(0);
            if (repeated.isPrimitive()) {
                return new Form(false, false, longs(repeated.asPrimitiveType()));
            }
            GroupType entry = repeated.asGroupType();
            if (entry.getFieldCount() != 1 || !entry.getType(0).isPrimitive()
                    || entry.getType(0).isRepetition(Type.Repetition.REPEATED)) {
                throw new Unsupported(field.getName() + " has list entries that are not one integer");
            }
            return new Form(false, true, longs(entry.getType(0).asPrimitiveType()));
        }

        private static boolean longs(PrimitiveType type) throws Unsupported {
            if (type.getPrimitiveTypeName() == PrimitiveTypeName.INT32) {
                return false;
            }
            if (type.getPrimitiveTypeName() == PrimitiveTypeName.INT64) {
                return true;
            }
            throw new Unsupported(type.getName() + " holds " + type.getPrimitiveTypeName() + ", not integers");
        }

        /** The record's dimensions (a null one as 0), or null for a null shape. */
        long[] dims(Group record) {
            if (record.getFieldRepetitionCount(0) == 0) {
                return bare ? new long[0] : null; // a bare repeated field is never null, only empty
            }
            Group holder = bare ? record : record.getGroup(0, 0);
            int rank = holder.getFieldRepetitionCount(0);
            long[] dims = new long[rank];
            for (int i = 0; i < rank; i++) {
                if (!threeLevel) {
                    dims[i] = value(holder, i);
                } else {
                    Group entry = holder.getGroup(0, i);
                    dims[i] = entry.getFieldRepetitionCount(0) == 0 ? NULL_DIM : value(entry, 0);
                }
            }
            return dims;
        }

        private long value(Group group, int index) {
            return longs ? group.getLong(0, index) : group.getInteger(0, index);
        }
    }
}
