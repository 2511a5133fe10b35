package io.tensorpool.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CommandLineTest {

    private static String error(String... args) {
        ConfigException e = assertThrows(ConfigException.class, () -> CommandLine.parse(args));
        assertEquals(2, e.exitCode());
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
        return e.getMessage();
    }

    @Test
    void runWithAConfig() {
        assertEquals(new RunArguments(Path.of("job.yaml"), ConfigOverrides.none(), false, false),
                CommandLine.parse("run", "--config", "job.yaml"));
    }

    @Test
    void everyOptionInEitherForm() {
        RunArguments run = (RunArguments) CommandLine.parse("run", "--config=conf/job.yaml", "--input", "in",
                "--output=out", "--mode", "overwrite", "--set", "ops[0].kernel_size=[2,2]", "--set=output.compression=zstd",
                "--force", "--verbose");

        assertEquals(Path.of("conf/job.yaml"), run.configFile());
        assertEquals(List.of("--input", "in", "--output", "out", "--mode", "overwrite",
                "--set", "ops[0].kernel_size=[2,2]", "--set", "output.compression=zstd"), run.overrides().asArguments());
        assertTrue(run.force());
        assertTrue(run.verbose());
    }

    @Test
    void forceIsOffUnlessGiven() {
        RunArguments run = (RunArguments) CommandLine.parse("run", "--config", "job.yaml", "--verbose");
        assertFalse(run.force());
    }

    @ParameterizedTest
    @ValueSource(strings = {"--force", "--verbose"})
    void switchesTakeNoValue(String option) {
        assertEquals("Option " + option + " takes no value. Run with --help for usage.",
                error("run", "--config", "job.yaml", option + "=yes"));
    }

    @Test
    void optionsMayComeInAnyOrderAndRepeat() {
        RunArguments run = (RunArguments) CommandLine.parse("run", "--mode", "append", "--config", "job.yaml",
                "--mode", "overwrite");
        assertEquals(List.of("--mode", "append", "--mode", "overwrite"), run.overrides().asArguments());
    }

    @ParameterizedTest
    @ValueSource(strings = {"--help", "-h"})
    void helpWinsAnywhere(String help) {
        assertInstanceOf(HelpRequest.class, CommandLine.parse(help));
        assertInstanceOf(HelpRequest.class, CommandLine.parse("run", "--config", "job.yaml", help));
        assertInstanceOf(HelpRequest.class, CommandLine.parse("runn", "--bogus", help));
    }

    @Test
    void commandIsRequired() {
        assertEquals("Missing command: expected run --config FILE. Run with --help for usage.", error());
        assertEquals("Missing command run before --config: use run --config FILE [options]. Run with --help for usage.",
                error("--config", "job.yaml"));
        assertEquals("Unknown command runn; did you mean run? Run with --help for usage.", error("runn"));
        assertEquals("Unknown command pool; the commands are run and recover. Run with --help for usage.", error("pool"));
    }

    @Test
    void recoverTakesTheOutputOnly() {
        assertEquals(new RecoverArguments("hdfs://nn/data/out", false),
                CommandLine.parse("recover", "--output", "hdfs://nn/data/out"));
        assertEquals(new RecoverArguments("out", true), CommandLine.parse("recover", "--verbose", "--output=out"));
        assertEquals("Missing --output PATH: recover needs the output folder whose publication to finish."
                + " Run with --help for usage.", error("recover"));
        assertEquals("Unexpected argument --config for recover; use recover --output PATH. Run with --help for usage.",
                error("recover", "--config", "job.yaml", "--output", "out"));
        assertEquals("Unknown command recovr; did you mean recover? Run with --help for usage.", error("recovr"));
    }

    @Test
    void unknownOptionGetsTheNearestSpelling() {
        assertEquals("Unknown option --ouput; did you mean --output? Run with --help for usage.",
                error("run", "--config", "job.yaml", "--ouput", "out"));
        assertEquals("Unknown option --conf; did you mean --config? Run with --help for usage.",
                error("run", "--conf", "job.yaml"));
        assertEquals("Unknown option --master. Run with --help for usage.",
                error("run", "--config", "job.yaml", "--master", "local"));
        assertEquals("Unknown option -c. Run with --help for usage.", error("run", "-c", "job.yaml"));
    }

    @Test
    void optionsNeedTheirValues() {
        assertEquals("Option --config needs a value: --config FILE. Run with --help for usage.", error("run", "--config"));
        assertEquals("Option --config needs a value: --config FILE. Run with --help for usage.",
                error("run", "--config", "--verbose"));
        assertEquals("Option --output needs a value: --output PATH. Run with --help for usage.",
                error("run", "--config", "job.yaml", "--output="));
        assertEquals("Option --set needs a value: --set key=value. Run with --help for usage.",
                error("run", "--config", "job.yaml", "--set"));
        assertEquals("Option --verbose takes no value. Run with --help for usage.",
                error("run", "--config", "job.yaml", "--verbose=yes"));
    }

    @Test
    void configIsRequiredOnce() {
        assertEquals("Missing --config FILE: run needs the job's YAML config. Run with --help for usage.",
                error("run", "--input", "in"));
        assertEquals("Option --config is given twice; give one config file. Run with --help for usage.",
                error("run", "--config", "a.yaml", "--config", "b.yaml"));
    }

    @Test
    void strayArgumentIsRefused() {
        assertEquals("Unexpected argument job.yaml; options start with --, e.g. --config FILE. Run with --help for usage.",
                error("run", "job.yaml"));
        assertEquals("Unexpected argument extra; options start with --, e.g. --config FILE. Run with --help for usage.",
                error("run", "--config", "job.yaml", "--verbose", "extra"));
    }

    @Test
    void malformedSetIsAUsageError() {
        assertEquals("Cannot parse --set output.mode: expected key=value, e.g. --set output.mode=overwrite."
                + " Run with --help for usage.", error("run", "--config", "job.yaml", "--set", "output.mode"));
    }

    @Test
    void usageDocumentsSynopsisOptionsAndExitCodes() {
        String usage = CommandLine.usage();
        assertTrue(usage.startsWith("Usage: spark-submit [spark options] tensorpool.jar run --config FILE [options]\n"));
        for (String option : List.of("--config FILE", "--input PATH", "--output PATH", "--mode MODE", "--set KEY=VALUE",
                "--force", "--verbose", "-h, --help")) {
            assertTrue(usage.contains("\n  " + option + " "), option);
        }
        assertTrue(usage.contains("\n  0  success\n"));
        assertTrue(usage.contains("\n  1  the job failed while running\n"));
        assertTrue(usage.contains("\n  2  bad usage or config"));
        assertTrue(usage.contains("\n  3  more records were bad than errors.max_bad_fraction allows"));
        assertTrue(usage.contains("README"));
        usage.lines().forEach(line -> assertTrue(line.length() <= 100, line));
    }

    @Test
    void runArgumentsLoadTheirConfig() {
        RunArguments run = (RunArguments) CommandLine.parse("run", "--config",
                ConfigTesting.resource("minimal.yaml").toString(), "--mode", "overwrite");
        assertEquals(WriteMode.OVERWRITE, ConfigLoader.load(run).output().mode());
    }
}
