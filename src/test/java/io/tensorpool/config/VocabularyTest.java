package io.tensorpool.config;

import static io.tensorpool.config.ConfigTesting.INPUT;
import static io.tensorpool.config.ConfigTesting.OPS;
import static io.tensorpool.config.ConfigTesting.error;
import static io.tensorpool.config.ConfigTesting.inputError;
import static io.tensorpool.config.ConfigTesting.load;
import static io.tensorpool.config.ConfigTesting.withInput;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tensorpool.kernel.ElementType;
import org.junit.jupiter.api.Test;

/**
 * The facts the vocabulary enums carry for the codecs (sizes, decoded types, ranks, which
 * layouts a type may be written in), and that every constant is read from its config spelling.
 */
class VocabularyTest {

    private static final String PREFIX = "Cannot load config job.yaml: ";

    private static String tensor(String body) {
        return "input:\n  path: in\n  tensor:\n" + body.indent(4);
    }

    @Test
    void storageTypesParseAndMap() {
        for (StorageDType s : StorageDType.values()) {
            assertSame(s, withInput(tensor("column: x\nlayout: binary\nshape: [4, 4]\ndtype: " + s.configName()))
                    .input().tensor().dtype());
        }
        assertEquals(ElementType.FLOAT32, StorageDType.FLOAT16.decodedType());
        assertEquals(ElementType.FLOAT32, StorageDType.BFLOAT16.decodedType());
        assertEquals(2, StorageDType.BFLOAT16.byteSize());
        for (ElementType e : ElementType.values()) {
            assertEquals(e, StorageDType.of(e).decodedType());
            assertEquals(e.byteSize(), StorageDType.of(e).byteSize());
        }
        String error = inputError(tensor("column: x\nlayout: binary\nshape: [4, 4]\ndtype: f4"));
        assertTrue(error.startsWith(PREFIX + "input.tensor.dtype is \"f4\"; expected one of uint8, int8, int16, int32,"
                + " int64, float16, bfloat16, float32, float64"), error);
    }

    @Test
    void namesWhereEachTypeMayBeWritten() {
        for (OutputDType d : OutputDType.values()) {
            assertSame(d, load(INPUT + OPS + "output:\n  path: o\n  layout: binary\n  dtype: " + d.configName())
                    .output().dtype());
        }
        assertFalse(OutputDType.FLOAT16.listOutputAllowed());
        assertFalse(OutputDType.BFLOAT16.listOutputAllowed());
        assertTrue(OutputDType.FLOAT32.listOutputAllowed());
        assertTrue(OutputDType.UINT8.listOutputAllowed());
        assertTrue(OutputDType.KEEP.listOutputAllowed());
        assertTrue(OutputDType.FLOAT16.npyOutputAllowed());
        assertFalse(OutputDType.BFLOAT16.npyOutputAllowed());
        assertTrue(OutputDType.KEEP.npyOutputAllowed());
        assertTrue(OutputDType.FLOAT32.npyOutputAllowed());
        assertTrue(OutputDType.UINT8.npyOutputAllowed());
        assertEquals(StorageDType.FLOAT16, OutputDType.FLOAT16.storageType(ElementType.FLOAT64));
        assertEquals(ElementType.FLOAT32, OutputDType.BFLOAT16.elementType(ElementType.INT64));
        assertEquals(ElementType.UINT8, OutputDType.UINT8.elementType(ElementType.FLOAT32));
        for (ElementType e : ElementType.values()) {
            assertEquals(e, OutputDType.KEEP.elementType(e));
            assertEquals(StorageDType.of(e), OutputDType.KEEP.storageType(e));
            assertTrue(OutputDType.KEEP.storageType(e).hasNpyDtype(), "keep's storage always has an npy dtype");
        }
        assertEquals(PREFIX + "output.dtype is \"half\"; expected one of keep, float32, float16, bfloat16, uint8 (line 8)",
                error(INPUT + OPS + "output:\n  path: o\n  dtype: half"));
    }

    @Test
    void onlyBfloat16LacksAnNpyDtype() {
        for (StorageDType s : StorageDType.values()) {
            assertEquals(s != StorageDType.BFLOAT16, s.hasNpyDtype(), s.configName());
        }
    }

    @Test
    void dimOrdersParseAndKnowTheirRank() {
        for (DimOrder order : DimOrder.values()) {
            assertSame(order, withInput(tensor("column: x\nlayout: nested\ndim_order: " + order.configName()))
                    .input().tensor().dimOrder());
        }
        assertEquals(4, DimOrder.NHWC.rank());
        assertEquals(3, DimOrder.CHW.rank());
        assertEquals(3, DimOrder.HWC.rank());
        assertEquals(0, DimOrder.NCHW.rank(), "any rank");
        assertTrue(DimOrder.NHWC.channelsLast());
        assertTrue(DimOrder.HWC.channelsLast());
        assertFalse(DimOrder.NCHW.channelsLast());
        assertFalse(DimOrder.CHW.channelsLast());
        for (int rank = 2; rank <= 4; rank++) {
            assertTrue(DimOrder.NCHW.accepts(rank));
            assertEquals(rank == 4, DimOrder.NHWC.accepts(rank));
            assertEquals(rank == 3, DimOrder.CHW.accepts(rank));
            assertEquals(rank == 3, DimOrder.HWC.accepts(rank));
        }
        assertFalse(DimOrder.NCHW.accepts(5));
        assertEquals(PREFIX + "input.tensor.dim_order is \"nhwc\"; expected one of NCHW, NHWC, CHW, HWC;"
                + " did you mean NHWC? (line 6)", inputError(tensor("column: x\nlayout: nested\ndim_order: nhwc")));
    }
}
