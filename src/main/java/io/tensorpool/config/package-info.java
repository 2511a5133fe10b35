/**
 * The job's configuration: the YAML model as immutable records ({@link io.tensorpool.config.JobConfig}
 * and its parts), loading with command-line overrides ({@link io.tensorpool.config.ConfigLoader},
 * {@link io.tensorpool.config.ConfigOverrides}), the defaults ({@link io.tensorpool.config.Defaults}),
 * the canonical rendering and hash ({@link io.tensorpool.config.ConfigRenderer}) and the command
 * line ({@link io.tensorpool.config.CommandLine}). No Spark here: everything runs, and every
 * mistake is reported, before a session starts.
 *
 * <p>Every error is a {@link io.tensorpool.config.ConfigException} ({@link io.tensorpool.ExitCode#USAGE_OR_CONFIG}) with one line
 * naming the key path, the value, the rule and the fix.
 */
package io.tensorpool.config;
