package io.tensorpool.job.write;

import java.util.ArrayList;
import java.util.List;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.schema.GroupType;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.Type;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.StructField;

/**
 * Where a top-level {@code array<number>} column sits in the file's Parquet schema, and the
 * definition level of each case a record can be in. Taken from the schema Spark's converter made
 * for the file, so that every list encoding it writes is covered: the standard 3-level list
 * ({@code <column> / list / element}) and the legacy 2- and 3-level ones
 * ({@code spark.sql.parquet.writeLegacyFormat}), each optional or required.
 *
 * @param column          the leaf column
 * @param element         the element type
 * @param listNull        the definition level of a null list (only when the column is optional)
 * @param listEmpty       the definition level of an empty list
 * @param elementNull     the definition level of a null element (only when elements are optional)
 * @param listNullable    whether the list itself may be null
 * @param elementNullable whether an element may be null
 */
record ListLayout(ColumnDescriptor column, ListElement element, int listNull, int listEmpty, int elementNull,
                  boolean listNullable, boolean elementNullable) {

    /** The value's definition level: every level of the path present. */
    int value() {
        return column.getMaxDefinitionLevel();
    }

    /**
     * The layout of {@code field}, the field at {@code index} of the file's schema, or null when
     * it is not a flat list of a number type the bulk writer takes, or the schema does not nest
     * it as a list of one repeated level.
     */
    static ListLayout of(MessageType schema, int index, StructField field) {
        if (!(field.dataType() instanceof ArrayType array)) {
            return null;
        }
        ListElement element = ListElement.of(array.elementType());
        if (element == null || index >= schema.getFieldCount()) {
            return null;
        }
        Type type = schema.getType(index);
        if (!type.getName().equals(field.name())) {
            return null;
        }
        List<String> path = new ArrayList<>();
        int definition = 0;
        int listEmpty = -1;
        boolean repeatedSeen = false;
        while (true) {
            path.add(type.getName());
            if (type.isRepetition(Type.Repetition.REPEATED)) {
                if (repeatedSeen) {
                    return null;
                }
                repeatedSeen = true;
                listEmpty = definition;
            }
            if (!type.isRepetition(Type.Repetition.REQUIRED)) {
                definition++;
            }
            if (type.isPrimitive()) {
                break;
            }
            GroupType group = type.asGroupType();
            if (group.getFieldCount() != 1) {
                return null;
            }
            type = group.getType(0);
        }
        ColumnDescriptor column = schema.getColumnDescription(path.toArray(String[]::new));
        boolean elementNullable = type.isRepetition(Type.Repetition.OPTIONAL);
        boolean listNullable = schema.getType(index).isRepetition(Type.Repetition.OPTIONAL);
        if (!repeatedSeen || column.getMaxRepetitionLevel() != 1
                || column.getPrimitiveType().getPrimitiveTypeName() != element.parquetType
                || elementNullable != array.containsNull() || listNullable != field.nullable()) {
            return null;
        }
        int elementNull = column.getMaxDefinitionLevel() - (elementNullable ? 1 : 0);
        return new ListLayout(column, element, 0, listEmpty, elementNull, listNullable, elementNullable);
    }
}
