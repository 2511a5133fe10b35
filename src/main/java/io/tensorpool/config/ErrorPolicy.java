package io.tensorpool.config;

import static io.tensorpool.config.ConfigKeys.ERRORS;
import static io.tensorpool.config.ConfigKeys.MAX_BAD_FRACTION;
import static io.tensorpool.config.ConfigKeys.ON_BAD_RECORD;
import static io.tensorpool.config.ConfigKeys.QUARANTINE_PATH;

import java.util.Map;
import java.util.Objects;

/**
 * {@code errors}: what bad records do to the run. {@link #quarantinePath()} is set exactly when
 * {@link #onBadRecord()} is {@link BadRecordPolicy#QUARANTINE}; {@link #maxBadFraction()} is 0 to
 * 1 and always 0 under {@link BadRecordPolicy#FAIL}.
 */
public final class ErrorPolicy extends Settings {
    private static final long serialVersionUID = 1L;

    ErrorPolicy(Map<ConfigKey<?>, Object> values) {
        super(ERRORS, values);
    }

    /** These three keys as given, every other key of {@code errors} at its default. */
    public ErrorPolicy(BadRecordPolicy onBadRecord, String quarantinePath, double maxBadFraction) {
        this(defaults(ERRORS).with(ON_BAD_RECORD, Objects.requireNonNull(onBadRecord, "onBadRecord"))
                .with(QUARANTINE_PATH, quarantinePath).with(MAX_BAD_FRACTION, maxBadFraction).map());
    }

    /** {@link ConfigKeys#ON_BAD_RECORD}. */
    public BadRecordPolicy onBadRecord() {
        return get(ON_BAD_RECORD);
    }

    /** {@link ConfigKeys#QUARANTINE_PATH}, or {@code null} unless quarantining. */
    public String quarantinePath() {
        return get(QUARANTINE_PATH);
    }

    /** {@link ConfigKeys#MAX_BAD_FRACTION}. */
    public double maxBadFraction() {
        return get(MAX_BAD_FRACTION);
    }
}
