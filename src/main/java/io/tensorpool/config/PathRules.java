package io.tensorpool.config;

/**
 * Rules between the input, output and quarantine paths. Compares the paths as written (after
 * dropping trailing slashes): the config cannot resolve them against a file system, so
 * {@code /data} and {@code hdfs://nn/data} are not recognised as the same folder.
 */
final class PathRules {

    private static final String GLOB_CHARACTERS = "*?[{";

    private PathRules() {
    }

    static void check(InputConfig input, OutputConfig output, ErrorPolicy errors) {
        KeyPath inputPath = ConfigKeys.INPUT_PATH.keyPath();
        KeyPath outputPath = ConfigKeys.OUTPUT_PATH.keyPath();
        KeyPath quarantinePath = ConfigKeys.QUARANTINE_PATH.keyPath();
        apart(outputPath, output.path(), inputPath, input.path(),
                "a rerun would read its own output, so write it outside the input folder",
                "writing the output would replace or mix with the input, so write it elsewhere");
        if (errors.quarantinePath() != null) {
            apart(quarantinePath, errors.quarantinePath(), outputPath, output.path(),
                    "writing the output would replace or mix with quarantined records, so write them beside the output",
                    "writing the output would replace or mix with quarantined records, so write them beside the output");
            apart(quarantinePath, errors.quarantinePath(), inputPath, input.path(),
                    "a rerun would read quarantined records as input, so write them outside the input folder",
                    "writing quarantined records would mix with the input, so write them elsewhere");
        }
    }

    /**
     * Refuses {@code written} when it is {@code other}, lies inside it or contains it. Containment
     * is not judged for globs, whose folders are not known here.
     */
    private static void apart(KeyPath writtenKey, String written, KeyPath otherKey, String other,
                              String insideWhy, String containsWhy) {
        String a = normalise(written);
        String b = normalise(other);
        if (a.equals(b)) {
            throw new ConfigProblem(writtenKey, "is the same as " + otherKey + " (" + other + "); write to another folder");
        }
        if (isGlob(a) || isGlob(b)) {
            return;
        }
        if (a.startsWith(b + "/")) {
            throw new ConfigProblem(writtenKey, "(" + written + ") is inside " + otherKey + " (" + other + "); " + insideWhy);
        }
        if (b.startsWith(a + "/")) {
            throw new ConfigProblem(writtenKey, "(" + written + ") contains " + otherKey + " (" + other + "); " + containsWhy);
        }
    }

    private static String normalise(String path) {
        String trimmed = path.strip();
        while (trimmed.length() > 1 && trimmed.endsWith("/")) {
            trimmed = trimmed.substring(0, trimmed.length() - 1);
        }
        return trimmed;
    }

    private static boolean isGlob(String path) {
        for (char c : GLOB_CHARACTERS.toCharArray()) {
            if (path.indexOf(c) >= 0) {
                return true;
            }
        }
        return false;
    }
}
