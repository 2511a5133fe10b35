package io.tensorpool.config;

/**
 * What the command line asks for: {@link HelpRequest} (print {@link CommandLine#usage()}, exit 0),
 * {@link RunArguments} (load the config and run the job) or {@link RecoverArguments} (finish an
 * interrupted publication). Built by {@link CommandLine#parse}.
 */
public sealed interface Invocation permits HelpRequest, RunArguments, RecoverArguments {
}
