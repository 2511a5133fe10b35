package io.tensorpool.config;

import io.tensorpool.ExitCode;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Parses the job's arguments, without Spark, so that bad usage fails before a session starts.
 * Options are {@code --name value} or {@code --name=value}; {@code --help} or {@code -h} anywhere
 * wins over everything else. Errors are one line ending in "Run with --help for usage.", e.g.
 * {@code Unknown option --ouput; did you mean --output? Run with --help for usage.}
 */
public final class CommandLine {

    /** The job. A command is required, so that commands can be added without guessing. */
    public static final String RUN = "run";
    /** Finishes a publication a killed run left half done: {@code recover --output PATH}. */
    public static final String RECOVER = "recover";

    private static final String HELP_HINT = " Run with --help for usage.";
    private static final List<String> OPTIONS =
            List.of("--config", "--input", "--output", "--mode", "--set", "--force", "--verbose", "--help");
    /** Options that are switches: present or not, no value. */
    private static final List<String> SWITCHES = List.of("--force", "--verbose");

    private CommandLine() {
    }

    /**
     * @throws ConfigException for a missing or unknown command, an unknown option, a missing value,
     *     a stray argument, a repeated {@code --config}, a malformed {@code --set} or no {@code --config}
     */
    public static Invocation parse(String... args) {
        for (String arg : args) {
            if (arg.equals("--help") || arg.equals("-h")) {
                return new HelpRequest();
            }
        }
        if (args.length == 0) {
            throw usageError("Missing command: expected run --config FILE.");
        }
        checkCommand(args[0]);
        if (args[0].equals(RECOVER)) {
            return parseRecover(args);
        }
        Path configFile = null;
        ConfigOverrides overrides = ConfigOverrides.none();
        boolean force = false;
        boolean verbose = false;
        for (int i = 1; i < args.length; i++) {
            String arg = args[i];
            if (!arg.startsWith("-") || arg.equals("-")) {
                throw usageError("Unexpected argument " + arg + "; options start with --, e.g. --config FILE.");
            }
            int equals = arg.indexOf('=');
            String name = equals < 0 ? arg : arg.substring(0, equals);
            String inline = equals < 0 ? null : arg.substring(equals + 1);
            if (SWITCHES.contains(name)) {
                if (inline != null) {
                    throw usageError("Option " + name + " takes no value.");
                }
                force |= name.equals("--force");
                verbose |= name.equals("--verbose");
                continue;
            }
            if (!OPTIONS.contains(name)) {
                throw usageError("Unknown option " + name + Suggestions.nearest(name, OPTIONS)
                        .map(option -> "; did you mean " + option + "?").orElse("."));
            }
            String value;
            if (inline != null) {
                value = inline;
            } else if (i + 1 < args.length && !args[i + 1].startsWith("--")) {
                value = args[++i];
            } else {
                value = null;
            }
            if (value == null || value.isEmpty()) {
                throw usageError("Option " + name + " needs a value: " + name + " " + metavar(name) + ".");
            }
            try {
                switch (name) {
                    case "--config":
                        if (configFile != null) {
                            throw usageError("Option --config is given twice; give one config file.");
                        }
                        configFile = path(value);
                        break;
                    case "--input":
                        overrides = overrides.withInput(value);
                        break;
                    case "--output":
                        overrides = overrides.withOutput(value);
                        break;
                    case "--mode":
                        overrides = overrides.withMode(value);
                        break;
                    default: // --set
                        overrides = overrides.withSet(value);
                        break;
                }
            } catch (ConfigException e) {
                if (e.getMessage().endsWith(HELP_HINT)) {
                    throw e;
                }
                throw new ConfigException(e.getMessage() + "." + HELP_HINT, e);
            }
        }
        if (configFile == null) {
            throw usageError("Missing --config FILE: run needs the job's YAML config.");
        }
        return new RunArguments(configFile, overrides, force, verbose);
    }

    /** {@code recover --output PATH [--verbose]}; {@code --output=PATH} works too. */
    private static RecoverArguments parseRecover(String[] args) {
        String output = null;
        boolean verbose = false;
        for (int i = 1; i < args.length; i++) {
            String arg = args[i];
            if (arg.equals("--verbose")) {
                verbose = true;
            } else if (arg.equals("--output") && i + 1 < args.length && !args[i + 1].startsWith("--")) {
                output = args[++i];
            } else if (arg.startsWith("--output=") && arg.length() > "--output=".length()) {
                output = arg.substring("--output=".length());
            } else {
                throw usageError("Unexpected argument " + arg + " for recover; use recover --output PATH.");
            }
        }
        if (output == null) {
            throw usageError("Missing --output PATH: recover needs the output folder whose publication to finish.");
        }
        return new RecoverArguments(output, verbose);
    }

    private static void checkCommand(String first) {
        if (first.equals(RUN) || first.equals(RECOVER)) {
            return;
        }
        if (first.startsWith("-")) {
            throw usageError("Missing command run before " + first + ": use run --config FILE [options].");
        }
        throw usageError("Unknown command " + first + Suggestions.nearest(first, List.of(RUN, RECOVER))
                .map(command -> "; did you mean " + command + "?").orElse("; the commands are run and recover."));
    }

    private static Path path(String value) {
        try {
            return Path.of(value);
        } catch (InvalidPathException e) {
            throw usageError("Option --config names an invalid path " + value + ": " + e.getReason() + ".");
        }
    }

    private static String metavar(String option) {
        switch (option) {
            case "--config":
                return "FILE";
            case "--mode":
                return "MODE";
            case "--set":
                return "key=value";
            default:
                return "PATH";
        }
    }

    private static ConfigException usageError(String message) {
        return new ConfigException(message + HELP_HINT);
    }

    /** The {@code --help} text: synopsis, options, exit codes and where the full reference is. */
    public static String usage() {
        List<String> exitCodes = new ArrayList<>();
        for (ExitCode code : ExitCode.values()) {
            exitCodes.add("  " + code.code() + "  " + code.meaning());
        }
        return String.join("\n",
                "Usage: spark-submit [spark options] tensorpool.jar run --config FILE [options]",
                "       spark-submit tensorpool.jar recover --output PATH",
                "       spark-submit tensorpool.jar --help",
                "",
                "Pools the image tensors of a Parquet dataset with PyTorch-named pooling operators",
                "(max_pool2d, avg_pool2d, lp_pool2d, adaptive_*, global_*) and writes the pooled",
                "tensors to Parquet. The config is checked before Spark starts.",
                "",
                "Options:",
                "  --config FILE      the job's YAML config (required)",
                "  --input PATH       replace input.path",
                "  --output PATH      replace output.path",
                "  --mode MODE        replace output.mode: error, overwrite, append or ignore",
                "  --set KEY=VALUE    set any config key; KEY is a dotted path with list indices",
                "                     (output.compression, ops[0].kernel_size), VALUE is YAML",
                "                     (3, true, null, [2, 2]); repeatable",
                "  --force            with overwrite, replace the output even when it is a file or a",
                "                     folder that is not a tensorpool output (no _tensorpool.json)",
                "  --verbose          print stack traces with errors, and Spark's logs of a bad record",
                "  -h, --help         print this help and exit",
                "Overrides apply in the order given, after the file; the last one for a key wins.",
                "",
                "recover --output PATH finishes a publication of PATH that a killed run left half done",
                "(every run also does this first) and prints what it did; nothing else is read or written.",
                "",
                "Exit codes:",
                String.join("\n", exitCodes),
                "",
                "See README.md for the config reference, examples, the run report and when to retry.",
                "");
    }
}
