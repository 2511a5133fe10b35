package io.tensorpool.job.read;

import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.schema.GroupType;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Type;

/**
 * What a definition level means in a top-level list column of floats, from the file's own schema.
 *
 * <p>Walking from the top-level field to the leaf, each optional field adds one definition level
 * and the repeated one adds one definition and one repetition level. So, for a record's levels:
 * below {@link #cellDefined} the cell is null; below {@link #elementDefined} the list is empty (its
 * only level); below {@link #valueDefined} an element is null; at {@code valueDefined} it is a
 * value. This covers the three-level lists Spark and pyarrow write
 * ({@code optional group x (LIST) { repeated group list { optional float element } }}: 1, 2, 3)
 * and the older two-level ones ({@code repeated float x}: 0, 1, 1), the lists Spark reads as
 * {@code array<float>}.
 *
 * @param cellDefined    the least level of a non-null cell
 * @param elementDefined the least level of an element (null or not)
 * @param valueDefined   the level of a value: the column's largest
 */
record ListLevels(int cellDefined, int elementDefined, int valueDefined) {

    /**
     * The levels of {@code column} in {@code schema}.
     *
     * @throws IllegalArgumentException when the column is not a list of floats with one level of repetition
     */
    static ListLevels of(MessageType schema, ColumnDescriptor column) {
        if (column.getPrimitiveType().getPrimitiveTypeName() != PrimitiveTypeName.FLOAT) {
            throw new IllegalArgumentException("its elements are "
                    + column.getPrimitiveType().getPrimitiveTypeName().name().toLowerCase(java.util.Locale.ROOT)
                    + ", not float");
        }
        if (column.getMaxRepetitionLevel() != 1) {
            throw new IllegalArgumentException("it has " + column.getMaxRepetitionLevel()
                    + " levels of repetition, not the one of a list");
        }
        String[] path = column.getPath();
        Type type = schema;
        int level = 0;
        int cellDefined = 0;
        int elementDefined = -1;
        for (int i = 0; i < path.length; i++) {
            type = ((GroupType) type).getType(path[i]);
            if (type.isRepetition(Type.Repetition.OPTIONAL)) {
                level++;
                if (i == 0) {
                    cellDefined = level;
                }
            } else if (type.isRepetition(Type.Repetition.REPEATED)) {
                level++;
                elementDefined = level;
            }
        }
        return new ListLevels(cellDefined, elementDefined, column.getMaxDefinitionLevel());
    }
}
