package io.tensorpool.config;

import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;

/** Small helpers shared by the config tests: load YAML text and capture the one-line error. */
final class ConfigTesting {

    /** The name messages use for configs loaded from text in tests. */
    static final String SOURCE = "job.yaml";

    /** A valid input section (lines 1-3) for tests about other sections. */
    static final String INPUT = "input:\n  path: in\n  tensor: {column: x, shape: [1, 4, 4]}\n";
    /** A valid one-op ops section (lines 1-2 of its own). */
    static final String OPS = "ops:\n  - {op: max_pool2d, kernel_size: 2}\n";
    /** A valid output section. */
    static final String OUTPUT = "output:\n  path: out\n";

    private ConfigTesting() {
    }

    static Path resource(String name) {
        return Path.of("src/test/resources/config", name);
    }

    static JobConfig load(String yaml) {
        return ConfigLoader.fromYaml(yaml, SOURCE, ConfigOverrides.none());
    }

    static JobConfig load(String yaml, ConfigOverrides overrides) {
        return ConfigLoader.fromYaml(yaml, SOURCE, overrides);
    }

    /** The message of the {@link ConfigException} loading {@code yaml} must throw. */
    static String error(String yaml) {
        return error(yaml, ConfigOverrides.none());
    }

    static String error(String yaml, ConfigOverrides overrides) {
        return assertThrows(ConfigException.class, () -> load(yaml, overrides)).getMessage();
    }

    /** The error for a config whose ops section is {@code ops} (lines 4 on), the rest valid. */
    static String opsError(String ops) {
        return error(INPUT + ops + OUTPUT);
    }

    /** A config with the given ops section (lines 4 on), the rest valid. */
    static JobConfig withOps(String ops) {
        return load(INPUT + ops + OUTPUT);
    }

    /** The error for a config whose input section is {@code input} (lines 1 on), the rest valid. */
    static String inputError(String input) {
        return error(input + OPS + OUTPUT);
    }

    static JobConfig withInput(String input) {
        return load(input + OPS + OUTPUT);
    }
}
