package io.tensorpool.config;

import static io.tensorpool.config.ConfigTesting.inputError;
import static io.tensorpool.config.ConfigTesting.withInput;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The input section: which keys each layout takes, and the shape and dim_order rules. */
class InputConfigTest {

    private static final String PREFIX = "Cannot load config job.yaml: ";

    private static String tensor(String body) {
        return "input:\n  path: in\n  tensor:\n" + body.indent(4);
    }

    private static TensorSpec spec(String body) {
        return withInput(tensor(body)).input().tensor();
    }

    @Test
    void everyLayoutBindsWithItsKeys() {
        assertEquals(new TensorSpec("x", TensorLayout.LIST, "shape", null, null, DimOrder.NCHW, null),
                spec("column: x\nshape_column: shape"));
        assertEquals(new TensorSpec("x", TensorLayout.BINARY, null, List.of(224, 224, 3), StorageDType.BFLOAT16,
                DimOrder.HWC, null), spec("column: x\nlayout: binary\nshape: [224, 224, 3]\ndtype: bfloat16\ndim_order: HWC"));
        assertEquals(new TensorSpec("x", TensorLayout.NESTED, null, null, null, DimOrder.NHWC, null),
                spec("column: x\nlayout: nested\ndim_order: NHWC"));
        assertEquals(new TensorSpec("x", TensorLayout.NPY, null, null, null, DimOrder.NCHW, null),
                spec("column: x\nlayout: npy"));
        assertEquals(new TensorSpec("image", TensorLayout.IMAGE, null, null, null, null, ChannelOrder.BGR),
                spec("column: image\nlayout: image\nchannel_order: bgr"));
        assertEquals(new TensorSpec("png", TensorLayout.ENCODED, null, null, null, null, ChannelOrder.RGB),
                spec("column: png\nlayout: encoded"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"[4, 4]", "[3, 4, 4]", "[2, 3, 4, 4]"})
    void defaultDimOrderIsChannelsFirstForAnyRank(String shape) {
        assertEquals(DimOrder.NCHW, spec("column: x\nshape: " + shape).dimOrder());
        assertEquals(DimOrder.NCHW, spec("column: x\nshape: " + shape + "\ndim_order: NCHW").dimOrder());
    }

    /**
     * {@code input.reader} is {@code tensorpool} when not set and then left out of the canonical
     * JSON, so configs written before the key existed keep their hash.
     */
    @Test
    void readerIsTensorpoolUnlessSetAndHashedOnlyWhenSet() {
        String base = "input:\n  path: in\n  tensor:\n    column: x\n    shape: [3, 4, 4]\n";
        JobConfig unset = withInput(base);
        assertEquals(InputReader.TENSORPOOL, unset.input().reader());
        assertFalse(unset.toCanonicalJson().contains("reader"), unset.toCanonicalJson());
        JobConfig spark = withInput(base + "  reader: spark\n");
        assertEquals(InputReader.SPARK, spark.input().reader());
        assertTrue(spark.toCanonicalJson().contains("\"reader\":\"spark\""), spark.toCanonicalJson());
        assertNotEquals(unset.configHash(), spark.configHash());
        assertEquals(PREFIX + "input.reader is \"sprak\"; expected one of tensorpool, spark; did you mean spark? (line 6)",
                inputError(base + "  reader: sprak\n"));
    }

    @Test
    void listLayoutNeedsShapeColumnOrShape() {
        assertEquals(PREFIX + "input.tensor.shape_column or input.tensor.shape is required for layout list;"
                + " set shape_column to the array<int> column holding each record's shape, or shape to one fixed"
                + " shape such as [3, 224, 224] (line 3)", inputError(tensor("column: x")));
        assertEquals(PREFIX + "input.tensor.shape_column or input.tensor.shape is required for layout binary;"
                + " set shape_column to the array<int> column holding each record's shape, or shape to one fixed"
                + " shape such as [3, 224, 224] (line 3)", inputError(tensor("column: x\nlayout: binary\ndtype: uint8")));
    }

    @Test
    void shapeColumnAndShapeAreExclusive() {
        assertEquals(PREFIX + "input.tensor.shape_column and input.tensor.shape are both set; keep one: shape_column"
                + " for a shape per record, shape for one fixed shape (line 5)",
                inputError(tensor("column: x\nshape_column: s\nshape: [3, 4, 4]")));
    }

    @ParameterizedTest(name = "{0} with {1}")
    @CsvSource(delimiter = '|', value = {
        "nested  | shape        | [3, 4, 4] | , which takes each record's shape from the nesting",
        "npy     | shape_column | s         | , which reads each record's shape from the .npy header",
        "image   | shape        | [3, 4, 4] | , which takes each record's shape from Spark's image struct",
        "encoded | shape_column | s         | , which takes each record's shape from the decoded image",
        "list    | dtype        | float32   | , which takes the element type from the Parquet column",
        "npy     | dtype        | float32   | , which reads the element type from the .npy header",
        "image   | dtype        | uint8     | , which is always uint8",
        "image   | dim_order    | HWC       | , which always gives (C, H, W) tensors",
        "nested  | channel_order| rgb       | ; only the image and encoded layouts have a channel order",
    })
    void keysTheLayoutDoesNotUseAreErrors(String layout, String key, String value, String why) {
        String shapeIfNeeded = layout.equals("list") ? "\nshape: [4, 4]" : "";
        assertEquals(PREFIX + "input.tensor." + key + " does not apply to layout " + layout + why + "; remove it (line 6)",
                inputError(tensor("column: x\nlayout: " + layout + "\n" + key + ": " + value + shapeIfNeeded)));
    }

    @Test
    void binaryLayoutNeedsADtype() {
        assertEquals(PREFIX + "input.tensor.dtype is missing; layout binary needs the stored element type,"
                + " e.g. dtype: float32 (line 3)", inputError(tensor("column: x\nlayout: binary\nshape: [4, 4]")));
        assertEquals(PREFIX + "input.tensor.dtype is \"float\"; expected one of uint8, int8, int16, int32, int64,"
                + " float16, bfloat16, float32, float64 (line 7)",
                inputError(tensor("column: x\nlayout: binary\nshape: [4, 4]\ndtype: float")));
        assertEquals(PREFIX + "input.tensor.dtype is \"flaot32\"; expected one of uint8, int8, int16, int32, int64,"
                + " float16, bfloat16, float32, float64; did you mean float32? (line 7)",
                inputError(tensor("column: x\nlayout: binary\nshape: [4, 4]\ndtype: flaot32")));
    }

    @ParameterizedTest(name = "shape: {0}")
    @ValueSource(strings = {"[4]", "[1, 2, 3, 4, 5]", "[0, 4]", "[3, -1, 4]", "[3.5, 4]", "4", "\"[3, 4]\""})
    void shapeIsTwoToFourPositiveInts(String shape) {
        String shown = shape.equals("\"[3, 4]\"") ? "\"[3, 4]\" (a string)" : shape;
        String hint = shape.equals("\"[3, 4]\"") ? "; write it without quotes" : "";
        assertEquals(PREFIX + "input.tensor.shape is " + shown + "; expected a list of 2 to 4 ints >= 1,"
                + " such as [3, 224, 224]" + hint + " (line 5)", inputError(tensor("column: x\nshape: " + shape)));
    }

    @Test
    void shapeMustFitOneArray() {
        assertEquals(PREFIX + "input.tensor.shape is invalid: shape [100000, 100000, 3] holds 30000000000 elements,"
                + " more than one array can hold (2147483639) (line 5)",
                inputError(tensor("column: x\nshape: [100000, 100000, 3]")));
    }

    @Test
    void dimOrderMustMatchTheRankOfAFixedShape() {
        assertEquals(PREFIX + "input.tensor.dim_order is NHWC, which needs a rank 4 shape, but input.tensor.shape"
                + " [3, 4, 4] has rank 3; use dim_order CHW or HWC for a rank 3 shape (line 6)",
                inputError(tensor("column: x\nshape: [3, 4, 4]\ndim_order: NHWC")));
        assertEquals(PREFIX + "input.tensor.dim_order is HWC, which needs a rank 3 shape, but input.tensor.shape"
                + " [4, 4] has rank 2; use dim_order NCHW (channels-first, any rank) (line 6)",
                inputError(tensor("column: x\nshape: [4, 4]\ndim_order: HWC")));
        assertEquals(PREFIX + "input.tensor.dim_order is \"nhwc\"; expected one of NCHW, NHWC, CHW, HWC;"
                + " did you mean NHWC? (line 6)", inputError(tensor("column: x\nshape: [3, 4, 4]\ndim_order: nhwc")));
    }

    @Test
    void shapeColumnIsNotTheTensorColumn() {
        assertEquals(PREFIX + "input.tensor.shape_column is x, the tensor column itself; name the column that holds"
                + " each record's shape (line 5)", inputError(tensor("column: x\nshape_column: x")));
    }

    @Test
    void parquetInputNeedsATensorColumn() {
        assertEquals(PREFIX + "input.tensor.column is missing; set it to the name of the column holding the tensors"
                + " (line 1)", inputError("input:\n  path: in\n"));
        assertEquals(PREFIX + "input.tensor.column is 7, not text; expected a column name;"
                + " quote it (\"7\") to use it as text (line 4)",
                inputError(tensor("column: 7\nshape: [4, 4]")));
    }

    @Test
    void imageFilesAreEncodedImagesOnly() {
        assertEquals(PREFIX + "input.tensor.layout is list, but input.format image_files reads PNG and JPEG files,"
                + " whose layout is encoded; remove input.tensor.layout (line 5)",
                inputError("input:\n  path: in\n  format: image_files\n  tensor:\n    layout: list\n"));
        assertEquals(PREFIX + "input.tensor.shape does not apply to input.format image_files, which takes each"
                + " record's shape from the decoded image; remove it (line 5)",
                inputError("input:\n  path: in\n  format: image_files\n  tensor:\n    shape: [3, 4, 4]\n"));
        assertEquals(new TensorSpec("pixels", TensorLayout.ENCODED, null, null, null, null, ChannelOrder.BGR),
                withInput("input:\n  path: in\n  format: image_files\n  tensor: {column: pixels, layout: encoded,"
                        + " channel_order: bgr}\n").input().tensor());
    }

    @Test
    void inputPathIsRequiredText() {
        assertEquals(PREFIX + "input.path is missing; set it to the Parquet file, folder or glob to read (line 1)",
                inputError("input:\n  tensor: {column: x, shape: [4, 4]}\n"));
        assertEquals(PREFIX + "input.path is empty; expected a path or URI such as data/images.parquet or"
                + " hdfs://host/data/*.parquet (line 2)", inputError("input:\n  path: ' '\n  tensor: {column: x, shape: [4, 4]}\n"));
        assertEquals(PREFIX + "input.path is 2024, not text; expected a path or URI such as data/images.parquet or"
                + " hdfs://host/data/*.parquet; quote it (\"2024\") to use it as text (line 2)", inputError("input:\n  path: 2024\n  tensor: {column: x, shape: [4, 4]}\n"));
        assertEquals(PREFIX + "input is \"in.parquet\" (a string); expected a mapping with path, format, tensor, incremental and reader (line 1)",
                inputError("input: in.parquet\n"));
    }

    @Test
    void formatIsChecked() {
        assertEquals(PREFIX + "input.format is \"parquett\"; expected one of parquet, image_files; did you mean parquet?"
                + " (line 2)", inputError("input:\n  format: parquett\n  path: in\n  tensor: {column: x, shape: [4, 4]}\n"));
    }
}
