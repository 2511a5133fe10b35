package io.tensorpool.config;

import java.util.Objects;

/**
 * {@code recover --output PATH [--verbose]}: finish a publication of the output that a killed
 * run left half done, and say what was done.
 *
 * @param output  {@code --output}: the output folder, as any Hadoop file system URI
 * @param verbose {@code --verbose}: print stack traces with error messages
 */
public record RecoverArguments(String output, boolean verbose) implements Invocation {

    public RecoverArguments {
        Objects.requireNonNull(output, "output");
    }
}
