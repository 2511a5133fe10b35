package io.tensorpool.config;

import static io.tensorpool.config.ConfigTesting.INPUT;
import static io.tensorpool.config.ConfigTesting.OPS;
import static io.tensorpool.config.ConfigTesting.OUTPUT;
import static io.tensorpool.config.ConfigTesting.error;
import static io.tensorpool.config.ConfigTesting.load;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tensorpool.kernel.IntPair;
import io.tensorpool.kernel.MaxPool2d;
import io.tensorpool.kernel.PoolPipeline;
import io.tensorpool.kernel.SpatialPyramidPool2d;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code outputs}: several named pipelines from one read, each entry's keys, defaults and rules. */
class OutputsConfigTest {

    private static final String PREFIX = "Cannot load config job.yaml: ";

    private static String outputs(String entries) {
        return INPUT + "outputs:\n" + entries + OUTPUT;
    }

    @Test
    void theExampleConfigsBindEveryEntryWithItsColumnsAndOperators() {
        JobConfig scales = ConfigLoader.load(Path.of("conf/multi-scale.yaml"), ConfigOverrides.none());
        assertTrue(scales.multiOutput());
        assertEquals(List.of("x_p2", "x_p4", "x_p8"), scales.outputs().stream().map(NamedOutput::column).toList());
        assertEquals(List.of("x_p2_shape", "x_p4_shape", "x_p8_shape"),
                scales.outputs().stream().map(NamedOutput::shapeColumn).toList());
        assertEquals(new PoolPipeline(List.of(MaxPool2d.of(4))), scales.outputs().get(1).pipeline());
        assertEquals(scales.outputs().get(0).pipeline(), scales.pipeline(), "pipeline() is the first entry's");

        JobConfig pyramid = ConfigLoader.load(Path.of("conf/spatial-pyramid.yaml"), ConfigOverrides.none());
        NamedOutput spp = pyramid.outputs().get(1);
        assertEquals("x_spp", spp.column());
        assertEquals(List.of(new SpatialPyramidPool2d(List.of(1, 2, 4))), spp.pipeline().ops());
        assertNull(spp.indicesColumn());
    }

    @Test
    void indicesColumnsPerEntryAndColumnsInRowOrder() {
        JobConfig config = load(outputs("""
                  - {column: a, ops: [{op: max_pool2d, kernel_size: 2, return_indices: true}]}
                  - {column: b, shape_column: b_dims, indices_column: b_where,
                     ops: [{op: global_max_pool2d, return_indices: true}]}
                  - {column: c, ops: [{op: avg_pool2d, kernel_size: 2}]}
                """));
        assertEquals(List.of("a", "a_shape", "a_indices"), config.outputs().get(0).columns(OutputLayout.LIST));
        assertEquals(List.of("b", "b_dims", "b_where"), config.outputs().get(1).columns(OutputLayout.LIST));
        assertEquals(List.of("c", "c_shape", "c_dtype"), config.outputs().get(2).columns(OutputLayout.BINARY));
    }

    @Test
    void opsAndOutputsTogetherAreRefused() {
        assertEquals(PREFIX + "outputs is set beside ops; write either ops (one pipeline, replacing the"
                + " tensor column) or outputs (several named pipelines), not both; move the operators of ops into"
                + " an entry of outputs (line 6)", error(INPUT + OPS + "outputs:\n  - {column: a, ops: "
                + "[{op: max_pool2d, kernel_size: 2}]}\n" + OUTPUT));
    }

    @Test
    void everyColumnOfEveryEntryNeedsItsOwnName() {
        String message = error(outputs("""
                  - {column: a, ops: [{op: max_pool2d, kernel_size: 2}]}
                  - {column: a_shape, ops: [{op: max_pool2d, kernel_size: 4}]}
                """));
        assertTrue(message.startsWith(PREFIX + "outputs[1]"), message);
        assertTrue(message.contains("writes the column a_shape, which outputs[0] writes too"), message);
        assertTrue(error(outputs("""
                  - {column: a, ops: [{op: max_pool2d, kernel_size: 2}]}
                  - {column: a, ops: [{op: max_pool2d, kernel_size: 4}]}
                """)).contains("writes the column a, which outputs[0] writes too"));
    }

    @Test
    void entryMistakesNameTheirKeyPath() {
        assertTrue(error(outputs("  - {ops: [{op: max_pool2d, kernel_size: 2}]}\n"))
                .contains("outputs[0].column is missing"));
        assertTrue(error(outputs("  - {column: a}\n")).contains("outputs[0].ops is missing"));
        assertTrue(error(outputs("  - {column: a, ops: [{op: max_pool2d, kernel_size: 0}]}\n"))
                .contains("outputs[0].ops[0].kernel_size"));
        String unknown = error(outputs("  - {column: a, shape_colum: s, ops: [{op: max_pool2d, kernel_size: 2}]}\n"));
        assertTrue(unknown.contains("outputs[0].shape_colum") && unknown.contains("did you mean shape_column?"),
                unknown);
        String indices = error(outputs("  - {column: a, indices_column: i, ops: [{op: avg_pool2d, kernel_size: 2}]}\n"));
        assertTrue(indices.contains("outputs[0].indices_column") && indices.contains("returns no indices"), indices);
        assertTrue(error(INPUT + "outputs: []\n" + OUTPUT).contains("a non-empty list of named pipelines"));
        String sppFirst = error(outputs("  - {column: a, ops: [{op: spatial_pyramid_pool2d, levels: [1, 2]},"
                + " {op: max_pool2d, kernel_size: 1}]}\n"));
        assertTrue(sppFirst.contains("must be the last operator"), sppFirst);
        assertTrue(error(outputs("  - {column: a, ops: [{op: spatial_pyramid_pool2d, levels: [1, 0]}]}\n"))
                .contains("levels"));
    }

    @Test
    void theRenderingLoadsBackEqualAndDiffersFromTheOpsForm() {
        JobConfig config = load(outputs("""
                  - {column: a, ops: [{op: max_pool2d, kernel_size: 2, return_indices: true}]}
                  - {column: b, shape_column: bs, ops: [{op: spatial_pyramid_pool2d, levels: [1, 2]}]}
                """));
        String json = config.toCanonicalJson();
        assertTrue(json.contains("\"outputs\":[{\"column\":\"a\",\"indices_column\":\"a_indices\",\"ops\":"), json);
        assertFalse(json.contains("\"ops\":[{\"op\":\"max_pool2d\"") && json.indexOf("\"ops\"") < json.indexOf("outputs"),
                json);
        JobConfig reloaded = ConfigLoader.fromYaml(json, "rendered.json", ConfigOverrides.none());
        assertEquals(config, reloaded);
        assertEquals(config.configHash(), reloaded.configHash());
        JobConfig single = load(INPUT + OPS + OUTPUT);
        assertFalse(single.toCanonicalJson().contains("outputs"));
        assertFalse(single.multiOutput());
    }

    /** A config with ops renders as before outputs existed, so its config_hash is unchanged. */
    @Test
    void theOpsFormRendersAsBefore() {
        assertEquals("{\"errors\":{\"max_bad_fraction\":0.0,\"on_bad_record\":\"fail\"},\"input\":{\"format\":"
                + "\"parquet\",\"path\":\"in\",\"tensor\":{\"column\":\"x\",\"dim_order\":\"NCHW\",\"layout\":"
                + "\"list\",\"shape\":[1,4,4]}},\"ops\":[{\"ceil_mode\":false,\"dilation\":[1,1],\"kernel_size\":"
                + "[2,2],\"op\":\"max_pool2d\",\"padding\":[0,0],\"return_indices\":false,\"stride\":[2,2]}],"
                + "\"output\":{\"compression\":\"snappy\",\"dtype\":\"keep\",\"layout\":\"list\",\"mode\":\"error\","
                + "\"path\":\"out\",\"writer\":\"tensorpool\"}}", load(INPUT + OPS + OUTPUT).toCanonicalJson());
    }

    @Test
    void entriesBuiltInCodeFillTheDefaults() {
        PoolPipeline withIndices = new PoolPipeline(List.of(new MaxPool2d(IntPair.of(2), null, null, null, false,
                true)));
        NamedOutput entry = new NamedOutput("p", withIndices);
        assertEquals("p_shape", entry.shapeColumn());
        assertEquals("p_indices", entry.indicesColumn());
        assertNull(new NamedOutput("q", new PoolPipeline(List.of(MaxPool2d.of(2)))).indicesColumn());
    }
}
