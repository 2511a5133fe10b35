package io.tensorpool.config;

import static io.tensorpool.config.ConfigTesting.INPUT;
import static io.tensorpool.config.ConfigTesting.OUTPUT;
import static io.tensorpool.config.ConfigTesting.load;
import static io.tensorpool.config.ConfigTesting.opsError;
import static io.tensorpool.config.ConfigTesting.withOps;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tensorpool.kernel.GlobalLpPool2d;
import io.tensorpool.kernel.IntPair;
import io.tensorpool.kernel.LpPool2d;
import io.tensorpool.kernel.Padding;
import java.util.List;
import org.junit.jupiter.api.Test;

/** ONNX users: the opt-in {@code absolute} Lp rule, and ONNX's spellings answered with ours. */
class OnnxOptionsConfigTest {

    private static final String PREFIX = "Cannot load config job.yaml: ";

    @Test
    void absoluteIsOptInOnBothLpOperators() {
        assertEquals(List.of(new LpPool2d(3, IntPair.of(2), IntPair.of(2), Padding.NONE, IntPair.of(1), false, true),
                        new GlobalLpPool2d(3, true), new GlobalLpPool2d(3, false)),
                withOps("""
                        ops:
                          - {op: lp_pool2d, norm_type: 3, kernel_size: 2, absolute: true}
                          - {op: global_lp_pool2d, norm_type: 3, absolute: true}
                          - {op: global_lp_pool2d, norm_type: 3}
                        """).pipeline().ops());
        assertTrue(opsError("ops:\n  - {op: max_pool2d, kernel_size: 2, absolute: true}\n")
                .contains("is not a parameter of max_pool2d (only lp_pool2d and global_lp_pool2d take it)"));
    }

    /** Configs written before the option keep their canonical JSON and hash; writing it changes both. */
    @Test
    void absoluteIsRenderedOnlyWhenTrue() {
        String plain = "ops:\n  - {op: lp_pool2d, norm_type: 3, kernel_size: 2}\n";
        JobConfig before = withOps(plain);
        assertFalse(before.toCanonicalJson().contains("absolute"), before.toCanonicalJson());
        assertEquals(before.configHash(), withOps("ops:\n  - {op: lp_pool2d, norm_type: 3, kernel_size: 2,"
                + " absolute: false}\n").configHash());
        JobConfig onnx = withOps("ops:\n  - {op: lp_pool2d, norm_type: 3, kernel_size: 2, absolute: true}\n");
        assertTrue(onnx.toCanonicalJson().contains("\"absolute\":true"), onnx.toCanonicalJson());
        assertNotEquals(before.configHash(), onnx.configHash());
        assertEquals(onnx, ConfigLoader.fromYaml(onnx.toCanonicalJson(), "rendered.json", ConfigOverrides.none()));
        assertTrue(before.toCanonicalJson().contains("\"ops\":[{\"ceil_mode\":false,\"dilation\":[1,1],"
                + "\"kernel_size\":[2,2],\"norm_type\":3.0,\"op\":\"lp_pool2d\",\"padding\":[0,0],\"stride\":[2,2]}]"),
                "the lp entry as before the option: " + before.toCanonicalJson());
    }

    @Test
    void onnxSpellingsPointToOurs() {
        assertEquals(PREFIX + "ops[0].auto_pad is ONNX's attribute; did you mean padding? (padding: same is ONNX's"
                + " SAME_UPPER, same_lower SAME_LOWER, valid VALID) (line 5)",
                opsError("ops:\n  - {op: max_pool2d, kernel_size: 3, auto_pad: SAME_UPPER}\n"));
        assertEquals(PREFIX + "ops[0].storage_order is ONNX's attribute; there is no such key: the output is always"
                + " written row-major (C order, ONNX's storage_order 0), indices too; remove it (line 5)",
                opsError("ops:\n  - {op: max_pool2d, kernel_size: 3, storage_order: 0}\n"));
        assertEquals(PREFIX + "ops[0].kernel_shape is ONNX's attribute; did you mean kernel_size? (line 5)",
                opsError("ops:\n  - {op: max_pool2d, kernel_shape: [3, 3]}\n"));
        assertTrue(opsError("ops:\n  - {op: avg_pool2d, kernel_size: 3, pads: [1, 1, 1, 1]}\n")
                .contains("ops[0].pads is ONNX's attribute; did you mean padding?"));
        for (String value : List.of("same_upper", "SAME_UPPER")) {
            assertEquals(PREFIX + "ops[0].padding is \"" + value + "\", ONNX's spelling; expected "
                    + OpParameters.PADDINGS + "; did you mean same? (line 5)",
                    opsError("ops:\n  - {op: max_pool2d, kernel_size: 3, padding: " + value + "}\n"));
        }
        // Spellings already caught keep their messages.
        assertTrue(opsError("ops:\n  - {op: max_pool2d, kernel_size: 3, strides: 2}\n")
                .contains("did you mean stride?"));
    }

    @Test
    void theAbsoluteOptionIsAlsoAnOutputsEntryOption() {
        JobConfig config = load(INPUT + "outputs:\n  - {column: l, ops: [{op: global_lp_pool2d, norm_type: 1,"
                + " absolute: true}]}\n" + OUTPUT);
        assertEquals(List.of(new GlobalLpPool2d(1, true)), config.outputs().get(0).pipeline().ops());
    }
}
