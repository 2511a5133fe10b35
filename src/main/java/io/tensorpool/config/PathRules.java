package io.tensorpool.config;

/**
 * Rules between the input, output and quarantine paths ({@link PathOverlap}), judged on the
 * paths as written (after dropping trailing slashes). The config cannot resolve them against a
 * file system, so other spellings of one place ({@code ./in}, an absolute path, a URI, a
 * symlink) pass here; the job compares the paths again on the file system before Spark starts.
 */
final class PathRules {

    private static final String GLOB_CHARACTERS = "*?[{";

    private PathRules() {
    }

    static void check(InputConfig input, OutputConfig output, ErrorPolicy errors) {
        for (PathOverlap pair : PathOverlap.values()) {
            String written = pair.written().in(input, output, errors);
            String other = pair.other().in(input, output, errors);
            if (written != null && other != null) {
                apart(pair, written, other);
            }
        }
    }

    /**
     * Refuses the pair's written path when it is the other, lies inside it or contains it.
     * Containment is not judged for globs, whose folders are not known here.
     */
    private static void apart(PathOverlap pair, String written, String other) {
        KeyPath writtenKey = pair.written().keyPath();
        KeyPath otherKey = pair.other().keyPath();
        String a = normalise(written);
        String b = normalise(other);
        if (a.equals(b)) {
            throw new ConfigProblem(writtenKey, "is the same as " + otherKey + " (" + other + "); "
                    + PathOverlap.SAME_FIX);
        }
        if (isGlob(a) || isGlob(b)) {
            return;
        }
        if (a.startsWith(b + "/")) {
            throw new ConfigProblem(writtenKey, "(" + written + ") is inside " + otherKey + " (" + other + "); "
                    + pair.insideWhy());
        }
        if (b.startsWith(a + "/")) {
            throw new ConfigProblem(writtenKey, "(" + written + ") contains " + otherKey + " (" + other + "); "
                    + pair.containsWhy());
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
