package io.tensorpool.config;

import static io.tensorpool.config.ConfigTesting.error;
import static io.tensorpool.config.ConfigTesting.load;
import static io.tensorpool.config.ConfigTesting.resource;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tensorpool.kernel.AvgPool2d;
import io.tensorpool.kernel.IntPair;
import io.tensorpool.kernel.MaxPool2d;
import io.tensorpool.kernel.Padding;
import io.tensorpool.kernel.PoolPipeline;
import java.io.ByteArrayOutputStream;
import java.io.ObjectOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {

    @Test
    void fullConfigBindsToTheExpectedRecords() {
        JobConfig config = ConfigLoader.load(resource("full.yaml"));

        assertEquals(new InputConfig("sample-data/textbook/arange4x4.parquet", InputFormat.PARQUET,
                new TensorSpec("x", TensorLayout.LIST, "shape", null, null, DimOrder.NCHW, null)), config.input());
        assertEquals(new PoolPipeline(List.of(
                new MaxPool2d(IntPair.of(3), IntPair.of(2), Padding.symmetric(1, 1), IntPair.of(1), false, false),
                new AvgPool2d(IntPair.of(2, 2), IntPair.of(2, 2), Padding.NONE, IntPair.of(1), true, true, null))),
                config.pipeline());
        assertEquals(new OutputConfig("target/out/textbook", WriteMode.OVERWRITE, Compression.ZSTD,
                OutputLayout.LIST, OutputDType.FLOAT32), config.output());
        assertEquals(new ErrorPolicy(BadRecordPolicy.QUARANTINE, "target/out/textbook-quarantine", 0.01),
                config.errors());
    }

    @Test
    void minimalConfigGetsEveryDefault() {
        JobConfig config = ConfigLoader.load(resource("minimal.yaml"));

        TensorSpec tensor = config.input().tensor();
        assertEquals(ConfigKeys.INPUT_FORMAT.defaultValue(), config.input().format());
        assertEquals(ConfigKeys.TENSOR_LAYOUT.defaultValue(), tensor.layout());
        assertEquals(List.of(3, 4, 4), tensor.shape());
        assertTrue(tensor.hasFixedShape());
        assertNull(tensor.shapeColumn());
        assertNull(tensor.dtype());
        assertEquals(ConfigKeys.TENSOR_DIM_ORDER.defaultValue(), tensor.dimOrder());
        assertNull(tensor.channelOrder(), "channel_order is for image layouts only");
        assertEquals(MaxPool2d.of(2), config.pipeline().ops().get(0));
        assertEquals(new OutputConfig("out", ConfigKeys.OUTPUT_MODE.defaultValue(),
                ConfigKeys.OUTPUT_COMPRESSION.defaultValue(), ConfigKeys.OUTPUT_LAYOUT.defaultValue(),
                ConfigKeys.OUTPUT_DTYPE.defaultValue()), config.output());
        assertEquals(new ErrorPolicy(ConfigKeys.ON_BAD_RECORD.defaultValue(), null,
                ConfigKeys.MAX_BAD_FRACTION.defaultValue()), config.errors());
    }

    @Test
    void imageFilesNeedNoTensorSection() {
        JobConfig config = load("input: {path: photos/, format: image_files}\n" + ConfigTesting.OPS + ConfigTesting.OUTPUT);

        assertEquals(new TensorSpec(ConfigKeys.IMAGE_FILES_COLUMN, TensorLayout.ENCODED, null, null, null, null,
                ChannelOrder.RGB), config.input().tensor());
    }

    @Test
    void emptyOptionalSectionReadsAsDefaults() {
        JobConfig config = load(ConfigTesting.INPUT + ConfigTesting.OPS + ConfigTesting.OUTPUT
                + "errors:\n  # on_bad_record: skip\n");

        assertEquals(new ErrorPolicy(BadRecordPolicy.FAIL, null, 0.0), config.errors());
    }

    /** The pipeline's own serializability is the kernel's (Serializable kernel records on main). */
    @Test
    void configRecordsAreSerializableForBroadcast() throws Exception {
        JobConfig config = ConfigLoader.load(resource("full.yaml"));
        try (ObjectOutputStream out = new ObjectOutputStream(new ByteArrayOutputStream())) {
            out.writeObject(config.input());
            out.writeObject(config.output());
            out.writeObject(config.errors());
        }
    }

    @Test
    void missingFileIsNamedWithItsAbsolutePath() {
        Path missing = Path.of("conf", "nope.yaml");
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load(missing));

        assertEquals("Cannot load config conf/nope.yaml: no such file (looked for "
                + missing.toAbsolutePath().normalize() + "); check the --config path", e.getMessage());
        assertEquals(2, e.exitCode());
    }

    @Test
    void folderIsNotAConfig(@TempDir Path folder) {
        assertEquals("Cannot load config " + folder + ": it is a folder, not a file; point --config at the YAML file",
                assertThrows(ConfigException.class, () -> ConfigLoader.load(folder)).getMessage());
    }

    @Test
    void fileThatIsNotUtf8IsRefused(@TempDir Path folder) throws Exception {
        Path file = folder.resolve("latin1.yaml");
        Files.write(file, "input: {path: caf\u00e9}\n".getBytes(StandardCharsets.ISO_8859_1));

        assertEquals("Cannot load config " + file + ": the file is not UTF-8 text; save it as UTF-8",
                assertThrows(ConfigException.class, () -> ConfigLoader.load(file)).getMessage());
    }

    @Test
    void fileIsReadAsUtf8WithOrWithoutByteOrderMark(@TempDir Path folder) throws Exception {
        Path file = folder.resolve("bom.yaml");
        Files.writeString(file, "\uFEFF" + Files.readString(resource("minimal.yaml"))
                .replace("path: out", "path: sortie/\u00e9t\u00e9"));

        assertEquals("sortie/\u00e9t\u00e9", ConfigLoader.load(file).output().path());
    }

    @Test
    void everyMessageIsOneLine() {
        String message = error("input:\n  path: \"a\\nb\"\n  tensor: {column: [\"x\\ny\"]}\n"
                + ConfigTesting.OPS + ConfigTesting.OUTPUT);

        assertFalse(message.contains("\n"), message);
        assertEquals("Cannot load config job.yaml: input.tensor.column is [\"x\\ny\"]; expected a column name (line 3)",
                message);
    }
}
