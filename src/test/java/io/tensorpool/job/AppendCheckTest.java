package io.tensorpool.job;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.Metadata;
import org.apache.spark.sql.types.MetadataBuilder;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/** How {@link AppendCheck} compares an existing output's schema with what a run writes. */
class AppendCheckTest {
    private static Metadata shape(long... dims) {
        return new MetadataBuilder().putLongArray(RecordPlanner.SHAPE_METADATA, dims)
                .putStringArray(RecordPlanner.DIM_NAMES_METADATA, new String[] {"C", "H", "W"}).build();
    }

    private static StructType schema(boolean nullable, Metadata tensor) {
        return new StructType()
                .add("id", DataTypes.LongType, nullable)
                .add("x", DataTypes.createArrayType(DataTypes.FloatType, nullable), nullable, tensor)
                .add("nested", new StructType().add("a", DataTypes.createMapType(DataTypes.StringType,
                        DataTypes.DoubleType, nullable), nullable), nullable);
    }

    @Test
    void nullabilityAtAnyLevelIsNotADifference() {
        assertEquals(Optional.empty(), AppendCheck.firstDifference(schema(true, shape(3, 4, 4)),
                schema(false, shape(3, 4, 4))));
    }

    @Test
    void metadataOtherThanTheTensorShapeIsNotCompared() {
        Metadata mine = new MetadataBuilder().withMetadata(shape(3, 4, 4)).putString("comment", "mine").build();
        assertEquals(Optional.empty(), AppendCheck.firstDifference(schema(true, shape(3, 4, 4)), schema(true, mine)));
    }

    @Test
    void anotherTensorShapeOrNoneIsADifference() {
        assertEquals(Optional.of("its column 'x' says shape [3, 4, 4] in its metadata where this run writes shape"
                        + " [3, 2, 2]"),
                AppendCheck.firstDifference(schema(true, shape(3, 4, 4)), schema(true, shape(3, 2, 2))));
        assertEquals(Optional.of("its column 'x' says shape [3, 4, 4] in its metadata where this run writes shape"
                        + " (none)"),
                AppendCheck.firstDifference(schema(true, shape(3, 4, 4)), schema(true, Metadata.empty())));
    }

    @Test
    void theFirstDifferingColumnIsNamedWithBothTypes() {
        StructType wider = new StructType().add("id", DataTypes.LongType)
                .add("x", DataTypes.createArrayType(DataTypes.DoubleType));
        assertEquals(Optional.of("its column 'x' is array<float> where this run writes array<double>"),
                AppendCheck.firstDifference(schema(true, Metadata.empty()), wider));
        StructType renamed = new StructType().add("id", DataTypes.LongType).add("y", DataTypes.BinaryType);
        assertEquals(Optional.of("its column 2 is 'x' (array<float>) where this run writes 'y' (binary)"),
                AppendCheck.firstDifference(schema(true, Metadata.empty()), renamed));
        StructType longer = schema(true, Metadata.empty()).add("indices", DataTypes.createArrayType(DataTypes.LongType));
        assertEquals(Optional.of("it has 3 columns and this run writes one more, 'indices' (array<bigint>)"),
                AppendCheck.firstDifference(schema(true, Metadata.empty()), longer));
        assertEquals(Optional.of("it has a column 'indices' (array<bigint>) after the 3 this run writes"),
                AppendCheck.firstDifference(longer, schema(true, Metadata.empty())));
    }
}
