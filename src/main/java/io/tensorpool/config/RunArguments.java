package io.tensorpool.config;

import java.nio.file.Path;
import java.util.Objects;

/**
 * {@code run --config FILE [--input PATH] [--output PATH] [--mode MODE] [--set key=value ...] [--force] [--verbose]}.
 *
 * @param configFile {@code --config}: the job's YAML config, on the driver's local file system
 * @param overrides  {@code --input}, {@code --output}, {@code --mode} and {@code --set}, in the order given
 * @param force      {@code --force}: {@code mode: overwrite} may replace a file, or a folder that is
 *                   not a tensorpool output
 * @param verbose    {@code --verbose}: print stack traces with error messages, and Spark's logs of
 *                   a failure the job reports itself
 */
public record RunArguments(Path configFile, ConfigOverrides overrides, boolean force, boolean verbose)
        implements Invocation {

    public RunArguments {
        Objects.requireNonNull(configFile, "configFile");
        Objects.requireNonNull(overrides, "overrides");
    }
}
