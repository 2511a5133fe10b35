package io.tensorpool.config;

/** {@code errors.on_bad_record}: what a record that cannot be pooled does to the run. */
public enum BadRecordPolicy implements ConfigEnum {
    /** The first bad record fails the run; the default. */
    FAIL,
    /** Bad records are counted and left out of the output. */
    SKIP,
    /** Bad records are counted and written, with the reason, to {@code errors.quarantine_path}. */
    QUARANTINE;

    @Override
    public String toString() {
        return configName();
    }
}
