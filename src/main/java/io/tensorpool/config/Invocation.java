package io.tensorpool.config;

/**
 * What the command line asks for: {@link HelpRequest} (print {@link CommandLine#usage()}, exit 0)
 * or {@link RunArguments} (load the config and run the job). Built by {@link CommandLine#parse}.
 */
public sealed interface Invocation permits HelpRequest, RunArguments {
}
