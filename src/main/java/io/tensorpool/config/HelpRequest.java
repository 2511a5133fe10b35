package io.tensorpool.config;

/** {@code --help} or {@code -h} anywhere on the command line: print {@link CommandLine#usage()} and exit 0. */
public record HelpRequest() implements Invocation {
}
