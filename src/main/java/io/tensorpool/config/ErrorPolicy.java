package io.tensorpool.config;

import java.io.Serializable;
import java.util.Objects;

/**
 * {@code errors}: what bad records do to the run.
 *
 * @param onBadRecord    {@code on_bad_record}: fail, skip or quarantine
 * @param quarantinePath {@code quarantine_path}: where quarantined records go; set exactly when
 *                       {@code onBadRecord} is {@link BadRecordPolicy#QUARANTINE}, otherwise {@code null}
 * @param maxBadFraction {@code max_bad_fraction}: 0 to 1; the run fails when the fraction of bad
 *                       records exceeds it. Always 0 under {@link BadRecordPolicy#FAIL}
 */
public record ErrorPolicy(BadRecordPolicy onBadRecord, String quarantinePath, double maxBadFraction)
        implements Serializable {

    public ErrorPolicy {
        Objects.requireNonNull(onBadRecord, "onBadRecord");
    }
}
