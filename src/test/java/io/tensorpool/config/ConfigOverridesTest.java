package io.tensorpool.config;

import static io.tensorpool.config.ConfigTesting.error;
import static io.tensorpool.config.ConfigTesting.load;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tensorpool.kernel.GlobalAvgPool2d;
import io.tensorpool.kernel.IntPair;
import io.tensorpool.kernel.MaxPool2d;
import java.util.List;
import org.junit.jupiter.api.Test;

/** --input, --output, --mode and --set, applied to the YAML tree before binding. */
class ConfigOverridesTest {

    private static final String PREFIX = "Cannot load config job.yaml: ";

    /** ops[0] max_pool2d 3, ops[1] avg_pool2d 2; output.mode written on line 9. */
    private static final String FILE = """
            input:
              path: in
              tensor: {column: x, shape: [3, 8, 8]}
            ops:
              - {op: max_pool2d, kernel_size: 3}
              - {op: avg_pool2d, kernel_size: 2}
            output:
              path: out
              mode: error
            """;

    private static ConfigOverrides set(String... assignments) {
        ConfigOverrides overrides = ConfigOverrides.none();
        for (String assignment : assignments) {
            overrides = overrides.withSet(assignment);
        }
        return overrides;
    }

    @Test
    void setReplacesAValue() {
        assertEquals(WriteMode.OVERWRITE, load(FILE, set("output.mode=overwrite")).output().mode());
    }

    @Test
    void setCreatesAKeyAbsentFromTheFile() {
        assertEquals(Compression.ZSTD, load(FILE, set("output.compression=zstd")).output().compression());
    }

    @Test
    void setCreatesAMissingSection() {
        JobConfig config = load(FILE, set("errors.on_bad_record=quarantine", "errors.quarantine_path=bad"));
        assertEquals(new ErrorPolicy(BadRecordPolicy.QUARANTINE, "bad", 0.0), config.errors());
    }

    @Test
    void setReachesIntoListsByIndexWithTypedValues() {
        JobConfig config = load(FILE, set("ops[0].kernel_size=[2,2]", "ops[0].stride=1", "ops[1].ceil_mode=true",
                "ops[0].padding=1"));
        MaxPool2d max = (MaxPool2d) config.pipeline().ops().get(0);
        assertEquals(IntPair.of(2, 2), max.kernelSize());
        assertEquals(IntPair.of(1), max.stride());
        assertTrue(((io.tensorpool.kernel.AvgPool2d) config.pipeline().ops().get(1)).ceilMode());
    }

    @Test
    void setNullOrEmptyGivesBackPyTorchsDefaultStride() {
        String file = FILE.replace("kernel_size: 3}", "kernel_size: 3, stride: 1}");
        assertEquals(IntPair.of(3), ((MaxPool2d) load(file, set("ops[0].stride=null")).pipeline().ops().get(0)).stride());
        assertEquals(IntPair.of(3), ((MaxPool2d) load(file, set("ops[0].stride=")).pipeline().ops().get(0)).stride());
    }

    @Test
    void setCanReplaceAWholeListOrEntry() {
        assertEquals(List.of(new GlobalAvgPool2d()),
                load(FILE, set("ops=[{op: global_avg_pool2d}]")).pipeline().ops());
        assertEquals(new GlobalAvgPool2d(), load(FILE, set("ops[1]={op: global_avg_pool2d}")).pipeline().ops().get(1));
    }

    @Test
    void namedFlagsSetLiteralStrings() {
        JobConfig config = load(FILE, ConfigOverrides.none().withInput("2024").withOutput("s3a://b/out: x")
                .withMode("append"));
        assertEquals("2024", config.input().path());
        assertEquals("s3a://b/out: x", config.output().path());
        assertEquals(WriteMode.APPEND, config.output().mode());
    }

    @Test
    void lastChangeToAKeyWins() {
        assertEquals(WriteMode.OVERWRITE,
                load(FILE, set("output.mode=append").withMode("overwrite")).output().mode());
        assertEquals(WriteMode.APPEND,
                load(FILE, ConfigOverrides.none().withMode("overwrite").withSet("output.mode=append")).output().mode());
    }

    @Test
    void overriddenValuesAreValidatedLikeTheFileAndNamedByTheirFlag() {
        assertEquals(PREFIX + "ops[0].kernel_size is 2.5; expected an int >= 1 or a pair [h, w] of ints >= 1"
                + " (from --set ops[0].kernel_size=2.5)", error(FILE, set("ops[0].kernel_size=2.5")));
        assertEquals(PREFIX + "output.mode is \"overwirte\"; expected one of error, overwrite, append, ignore;"
                + " did you mean overwrite? (from --mode overwirte)", error(FILE, ConfigOverrides.none().withMode("overwirte")));
        assertEquals(PREFIX + "output.mode is \"overwirte\"; expected one of error, overwrite, append, ignore;"
                + " did you mean overwrite? (line 9)", error(FILE.replace("mode: error", "mode: overwirte")));
    }

    @Test
    void setToAnUnknownKeyIsAnUnknownKey() {
        assertEquals(PREFIX + "output.compresion is not a key of output; did you mean compression?"
                + " (from --set output.compresion=zstd)", error(FILE, set("output.compresion=zstd")));
        assertEquals(PREFIX + "outptu is not a top-level key; did you mean output? (from --set outptu.mode=append)",
                error(FILE, set("outptu.mode=append")));
        assertEquals(PREFIX + "ops[0].kernel_sise is not a key of max_pool2d; did you mean kernel_size?"
                + " (from --set ops[0].kernel_sise=2)", error(FILE, set("ops[0].kernel_sise=2")));
    }

    @Test
    void setCannotGoThroughAScalarOrPastTheEndOfAList() {
        assertEquals(PREFIX + "input.path is \"in\", not a mapping, so it has no key x (from --set input.path.x=1)",
                error(FILE, set("input.path.x=1")));
        assertEquals(PREFIX + "output is {path: \"out\", mode: \"error\"}, not a list, so it has no entry [0]"
                + " (from --set output[0]=1)", error(FILE, set("output[0]=1")));
        assertEquals(PREFIX + "ops[2] does not exist: ops has 2 entries; to add one, set the whole list,"
                + " e.g. --set 'ops=[...]' (from --set ops[2].stride=1)", error(FILE, set("ops[2].stride=1")));
        assertEquals(PREFIX + "ops is not in the config, so --set cannot set an entry of it; set the whole list"
                + " instead, e.g. --set 'ops=[...]' (from --set ops[0].op=max_pool2d)",
                error(FILE.replaceAll("(?s)ops:.*?output:", "output:"), set("ops[0].op=max_pool2d")));
    }

    @Test
    void otherErrorsStillNameTheirLine() {
        assertEquals(PREFIX + "ops[1].kernel_size is 0; expected an int >= 1 or a pair [h, w] of ints >= 1 (line 6)",
                error(FILE.replace("kernel_size: 2}", "kernel_size: 0}"), set("ops[0].kernel_size=2")));
    }

    @Test
    void malformedSetIsRefusedWhenGiven() {
        assertEquals("Cannot parse --set output.mode: expected key=value, e.g. --set output.mode=overwrite",
                assertThrows(ConfigException.class, () -> set("output.mode")).getMessage());
        assertEquals("Cannot parse --set ops[0.kernel_size=2: the key ops[0.kernel_size has an unclosed [;"
                + " write keys as output.mode or ops[0].kernel_size",
                assertThrows(ConfigException.class, () -> set("ops[0.kernel_size=2")).getMessage());
        assertEquals("Cannot parse --set ops[first].stride=1: the key ops[first].stride has [first] where a list"
                + " index such as [0] should be; write keys as output.mode or ops[0].kernel_size",
                assertThrows(ConfigException.class, () -> set("ops[first].stride=1")).getMessage());
        assertEquals("Cannot parse --set output..mode=x: the key output..mode has '.' where a key name should be;"
                + " write keys as output.mode or ops[0].kernel_size",
                assertThrows(ConfigException.class, () -> set("output..mode=x")).getMessage());
        assertEquals("Cannot parse --set =3: the key is empty; write keys as output.mode or ops[0].kernel_size",
                assertThrows(ConfigException.class, () -> set("=3")).getMessage());
        assertEquals("Cannot parse --set input.path=*.parquet: the value is not valid YAML; quote it,"
                + " e.g. --set 'input.path=\"*.parquet\"'",
                assertThrows(ConfigException.class, () -> set("input.path=*.parquet")).getMessage());
        assertEquals("Cannot parse --set ops[0].kernel_size=[2,: the value is not valid YAML; quote it,"
                + " e.g. --set 'ops[0].kernel_size=\"[2,\"'",
                assertThrows(ConfigException.class, () -> set("ops[0].kernel_size=[2,")).getMessage());
    }

    @Test
    void quotedValueIsAString() {
        assertEquals("*.parquet", load(FILE, set("input.path=\"*.parquet\"")).input().path());
    }

    @Test
    void overridesListThemselvesAsArguments() {
        ConfigOverrides overrides = ConfigOverrides.none().withInput("i").withSet("a.b=1").withMode("append");
        assertEquals(List.of("--input", "i", "--set", "a.b=1", "--mode", "append"), overrides.asArguments());
        assertEquals(overrides, ConfigOverrides.none().withInput("i").withSet("a.b=1").withMode("append"));
        assertTrue(ConfigOverrides.none().isEmpty());
    }
}
