package io.tensorpool.config;

/**
 * The pairs of configured paths that must not overlap, and why: the output must not be, lie
 * inside or contain the input, and the quarantine must not overlap the output or the input.
 * {@link PathRules} compares each pair as written, while the config loads; the job compares
 * each pair again on the file system before Spark starts, where other spellings of the same
 * place ({@code ./in}, an absolute path, a {@code file:} URI, a symlink) show. Both name the
 * keys and give the reasons defined here.
 */
public enum PathOverlap {
    OUTPUT_AND_INPUT(Location.OUTPUT, Location.INPUT,
            "a rerun would read its own output, so write it outside the input folder",
            "writing the output would replace or mix with the input, so write it elsewhere"),
    QUARANTINE_AND_OUTPUT(Location.QUARANTINE, Location.OUTPUT,
            "writing the output would replace or mix with quarantined records, so write them beside the output",
            "writing the output would replace or mix with quarantined records, so write them beside the output"),
    QUARANTINE_AND_INPUT(Location.QUARANTINE, Location.INPUT,
            "a rerun would read quarantined records as input, so write them outside the input folder",
            "writing quarantined records would mix with the input, so write them elsewhere");

    /** What to do when the written path is the other one. */
    public static final String SAME_FIX = "write to another folder";

    private final Location written;
    private final Location other;
    private final String insideWhy;
    private final String containsWhy;

    PathOverlap(Location written, Location other, String insideWhy, String containsWhy) {
        this.written = written;
        this.other = other;
        this.insideWhy = insideWhy;
        this.containsWhy = containsWhy;
    }

    /** The path the job writes to. */
    public Location written() {
        return written;
    }

    /** The path it must stay apart from. */
    public Location other() {
        return other;
    }

    /** Why the written path must not lie inside the other, and what to do instead. */
    public String insideWhy() {
        return insideWhy;
    }

    /** Why the written path must not contain the other, and what to do instead. */
    public String containsWhy() {
        return containsWhy;
    }

    /** A configured path: its key and where the config holds its value. */
    public enum Location {
        INPUT(ConfigKeys.INPUT_PATH),
        OUTPUT(ConfigKeys.OUTPUT_PATH),
        QUARANTINE(ConfigKeys.QUARANTINE_PATH);

        private final ConfigKey<String> key;

        Location(ConfigKey<String> key) {
            this.key = key;
        }

        KeyPath keyPath() {
            return key.keyPath();
        }

        /** The key as users write it, e.g. {@code output.path}. */
        public String key() {
            return key.path();
        }

        /** The configured path, or {@code null} when the config has none (no quarantine). */
        public String in(JobConfig config) {
            return in(config.input(), config.output(), config.errors());
        }

        String in(InputConfig input, OutputConfig output, ErrorPolicy errors) {
            switch (this) {
                case INPUT:
                    return input.path();
                case OUTPUT:
                    return output.path();
                default:
                    return errors.quarantinePath();
            }
        }
    }
}
