package io.tensorpool.config;

/**
 * One thing wrong with a config, found while reading or binding it: the key it concerns and what
 * is wrong with it. Internal to the package; {@link ConfigLoader} turns it into the one-line
 * {@link ConfigException} users see, adding the file and where the value came from (a line of
 * the file or a command-line override).
 */
final class ConfigProblem extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final transient KeyPath path;
    private final String detail;
    private final String where;

    /**
     * @param path   the key concerned, or {@code null} for the file as a whole
     * @param detail what is wrong and how to fix it, continuing the sentence that starts with the key
     * @param where  where the value came from when the loader cannot look it up from {@code path}
     *               (e.g. {@code lines 4 and 9} for a duplicate key, {@code from --set ...} for an
     *               override that cannot be applied), or {@code null}; shown in parentheses at the end
     */
    ConfigProblem(KeyPath path, String detail, String where, Throwable cause) {
        super(detail, cause);
        this.path = path;
        this.detail = detail;
        this.where = where;
    }

    ConfigProblem(KeyPath path, String detail) {
        this(path, detail, null, null);
    }

    KeyPath path() {
        return path;
    }

    String detail() {
        return detail;
    }

    String where() {
        return where;
    }
}
