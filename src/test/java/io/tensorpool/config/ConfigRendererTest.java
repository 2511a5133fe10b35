package io.tensorpool.config;

import static io.tensorpool.config.ConfigTesting.load;
import static io.tensorpool.config.ConfigTesting.resource;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The canonical JSON of the effective config and its hash. */
class ConfigRendererTest {

    private static final String BASE = """
            input:
              path: in
              tensor: {column: x, shape: [3, 8, 8]}
            ops:
              - {op: max_pool2d, kernel_size: 3}
            output:
              path: out
            """;

    private static final String ALL_OPS = """
            input:
              path: in
              format: parquet
              tensor: {column: img, layout: image, channel_order: bgr}
            ops:
              - {op: max_pool2d, kernel_size: [3, 2], stride: 1, padding: [0, 1, 1, 0], dilation: 2, ceil_mode: true}
              - {op: avg_pool2d, kernel_size: 2, padding: same, count_include_pad: false, divisor_override: 3}
              - {op: lp_pool2d, norm_type: 3, kernel_size: 2, padding: valid}
              - {op: adaptive_avg_pool2d, output_size: [null, 4]}
              - {op: global_lp_pool2d, norm_type: 2}
              - {op: global_avg_pool2d}
              - {op: adaptive_max_pool2d, output_size: 2}
              - {op: global_max_pool2d, return_indices: true}
            output: {path: out, layout: binary, dtype: bfloat16, compression: none}
            errors: {on_bad_record: skip, max_bad_fraction: 0.25}
            """;

    @Test
    void canonicalJsonHasEveryDefaultAndSortedKeys() {
        JobConfig config = ConfigLoader.load(resource("full.yaml"));

        assertEquals("{\"errors\":{\"max_bad_fraction\":0.01,\"on_bad_record\":\"quarantine\","
                + "\"quarantine_path\":\"target/out/textbook-quarantine\"},"
                + "\"input\":{\"format\":\"parquet\",\"path\":\"sample-data/textbook/arange4x4.parquet\","
                + "\"tensor\":{\"column\":\"x\",\"dim_order\":\"NCHW\",\"layout\":\"list\",\"shape_column\":\"shape\"}},"
                + "\"ops\":[{\"ceil_mode\":false,\"dilation\":[1,1],\"kernel_size\":[3,3],\"op\":\"max_pool2d\","
                + "\"padding\":[1,1],\"return_indices\":false,\"stride\":[2,2]},"
                + "{\"ceil_mode\":true,\"count_include_pad\":true,\"dilation\":[1,1],\"divisor_override\":null,"
                + "\"kernel_size\":[2,2],\"op\":\"avg_pool2d\",\"padding\":[0,0],\"stride\":[2,2]}],"
                + "\"output\":{\"compression\":\"zstd\",\"dtype\":\"float32\",\"layout\":\"list\",\"mode\":\"overwrite\","
                + "\"path\":\"target/out/textbook\",\"writer\":\"tensorpool\"}}", config.toCanonicalJson());
    }

    @Test
    void treeHasSortedKeysAtEveryLevel() {
        assertSorted(ConfigRenderer.toTree(load(ALL_OPS)));
    }

    private static void assertSorted(JsonNode node) {
        if (node.isObject()) {
            List<String> keys = new ArrayList<>();
            node.fieldNames().forEachRemaining(keys::add);
            assertEquals(keys.stream().sorted().toList(), keys);
        }
        node.forEach(ConfigRendererTest::assertSorted);
    }

    @Test
    void hashIsTheSha256OfTheCanonicalJson() {
        assertEquals("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", ConfigRenderer.sha256Hex("abc"));
        JobConfig config = load(BASE);
        assertEquals(ConfigRenderer.sha256Hex(config.toCanonicalJson()), config.configHash());
        assertTrue(config.configHash().matches("[0-9a-f]{64}"));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        // other key order, flow style, explicit defaults
        """
        output: {path: out, mode: error, compression: snappy, layout: list, dtype: keep}
        ops: [{kernel_size: [3, 3], op: max_pool2d, stride: null, padding: 0, dilation: [1, 1], ceil_mode: false,
               return_indices: false}]
        input: {tensor: {shape: [3, 8, 8], column: x, layout: list, dim_order: NCHW}, format: parquet, path: in}
        errors: {on_bad_record: fail, max_bad_fraction: 0}
        """,
        // stride spelled as the kernel size, padding as a pair, an empty errors section
        """
        input:
          path: in
          tensor:
            column: x
            shape: [3, 8, 8]
        ops:
          - op: max_pool2d
            kernel_size: 3
            stride: [3, 3]
            padding: [0, 0]
        output:
          path: out
        errors:
        """,
    })
    void equivalentConfigsHashTheSame(String equivalent) {
        assertEquals(load(BASE).toCanonicalJson(), load(equivalent).toCanonicalJson());
        assertEquals(load(BASE).configHash(), load(equivalent).configHash());
    }

    @Test
    void overrideAndFileGiveTheSameHash() {
        assertEquals(load(BASE.replace("path: out", "path: elsewhere")).configHash(),
                load(BASE, ConfigOverrides.none().withOutput("elsewhere")).configHash());
        assertEquals(load(BASE.replace("path: out", "path: out\n  compression: none")).configHash(),
                load(BASE, ConfigOverrides.none().withSet("output.compression=uncompressed")).configHash());
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "--set ops[0].kernel_size=2",
        "--set ops[0].stride=1",
        "--set ops[0].padding=[1,1,1,1]",
        "--set ops[0].ceil_mode=true",
        "--set output.mode=overwrite",
        "--set input.path=in2",
        "--set input.tensor.shape=[3,8,9]",
        "--set errors.on_bad_record=skip",
        "--set ops=[{op: max_pool2d, kernel_size: 3}, {op: global_avg_pool2d}]",
    })
    void differentConfigsHashDifferently(String change) {
        ConfigOverrides overrides = ConfigOverrides.none().withSet(change.substring("--set ".length()));
        assertNotEquals(load(BASE).configHash(), load(BASE, overrides).configHash());
    }

    /**
     * A key that is not set is left out, so configs written before output.row_group_size existed
     * keep their hash (see canonicalJsonHasEveryDefaultAndSortedKeys); set, it is rendered and
     * hashed like any other key.
     */
    @Test
    void rowGroupSizeIsRenderedOnlyWhenSet() {
        JobConfig unset = load(BASE);
        JobConfig set = load(BASE, ConfigOverrides.none().withSet("output.row_group_size=67108864"));
        assertTrue(!unset.toCanonicalJson().contains("row_group_size"), unset.toCanonicalJson());
        assertEquals("{\"compression\":\"snappy\",\"dtype\":\"keep\",\"layout\":\"list\",\"mode\":\"error\","
                + "\"path\":\"out\",\"row_group_size\":67108864,\"writer\":\"tensorpool\"}", ConfigRenderer.toTree(set).get("output").toString());
        assertNotEquals(unset.configHash(), set.configHash());
        assertEquals(set, load(set.toCanonicalJson()));
    }

    @Test
    void canonicalJsonLoadsBackToAnEqualConfig() {
        for (JobConfig config : List.of(ConfigLoader.load(resource("full.yaml")), load(ALL_OPS), load(BASE),
                load("input: {path: photos, format: image_files}\n" + ConfigTesting.OPS + ConfigTesting.OUTPUT))) {
            JobConfig reloaded = load(config.toCanonicalJson());
            assertEquals(config, reloaded);
            assertEquals(config.configHash(), reloaded.configHash());
        }
    }
}
