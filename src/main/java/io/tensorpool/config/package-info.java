/**
 * The job's configuration: every key defined once in {@link io.tensorpool.config.ConfigKeys}
 * (name, default, reader, rendering; operator parameters in {@code OpParameters}, the operators
 * in {@code OpKind}), the effective values as immutable settings
 * ({@link io.tensorpool.config.JobConfig} and its sections), loading with command-line overrides
 * ({@link io.tensorpool.config.ConfigLoader}, {@link io.tensorpool.config.ConfigOverrides}), the
 * canonical rendering and hash ({@link io.tensorpool.config.ConfigRenderer}) and the command line
 * ({@link io.tensorpool.config.CommandLine}). No Spark here: everything runs, and every mistake is
 * reported, before a session starts.
 *
 * <p>Every error is a {@link io.tensorpool.config.ConfigException}
 * ({@link io.tensorpool.ExitCode#USAGE_OR_CONFIG}) with one line naming the key path, the value,
 * the rule and the fix.
 */
package io.tensorpool.config;
