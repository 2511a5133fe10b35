package io.tensorpool.config;

import static io.tensorpool.config.Keys.MAX_BAD_FRACTION;
import static io.tensorpool.config.Keys.ON_BAD_RECORD;
import static io.tensorpool.config.Keys.QUARANTINE_PATH;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Binds {@code errors} to an {@link ErrorPolicy}. Settings the policy would ignore are errors:
 * a {@code quarantine_path} without quarantining, or a {@code max_bad_fraction} above 0 when the
 * first bad record fails the run anyway.
 */
final class ErrorPolicyBinder {

    static final String FRACTIONS = "a number from 0 to 1, such as 0.01";

    private ErrorPolicyBinder() {
    }

    static ErrorPolicy bind(JsonNode value, KeyPath path) {
        Section errors = Section.of(value, path, Keys.ERRORS, "a mapping with on_bad_record, quarantine_path and max_bad_fraction");
        errors.rejectUnknownKeys(Keys.ERRORS_KEYS, Keys.elsewhere(Keys.ERRORS));
        BadRecordPolicy policy = errors.has(ON_BAD_RECORD)
                ? Values.choice(errors.get(ON_BAD_RECORD), errors.at(ON_BAD_RECORD), BadRecordPolicy.class)
                : Defaults.ON_BAD_RECORD;
        String quarantinePath = null;
        if (policy == BadRecordPolicy.QUARANTINE) {
            JsonNode quarantine = errors.require(QUARANTINE_PATH, "on_bad_record: quarantine needs the folder"
                    + " to write rejected records to");
            quarantinePath = Values.text(quarantine, errors.at(QUARANTINE_PATH), "a path or URI such as target/quarantine");
        } else if (errors.has(QUARANTINE_PATH)) {
            throw new ConfigProblem(errors.at(QUARANTINE_PATH), "is set, but " + errors.at(ON_BAD_RECORD) + " is " + policy
                    + ", so nothing would be quarantined; set on_bad_record: quarantine or remove quarantine_path");
        }
        double maxBadFraction = Defaults.MAX_BAD_FRACTION;
        if (errors.has(MAX_BAD_FRACTION)) {
            JsonNode fraction = errors.get(MAX_BAD_FRACTION);
            Double number = Values.numberOrNull(fraction);
            if (number == null || !(number >= 0 && number <= 1)) {
                throw Values.wrong(fraction, errors.at(MAX_BAD_FRACTION), FRACTIONS);
            }
            if (policy == BadRecordPolicy.FAIL && number > 0) {
                throw new ConfigProblem(errors.at(MAX_BAD_FRACTION), "is " + Values.show(fraction) + ", but "
                        + errors.at(ON_BAD_RECORD) + " is fail, which stops the run at the first bad record;"
                        + " set on_bad_record: skip or quarantine, or remove max_bad_fraction");
            }
            maxBadFraction = number;
        }
        return new ErrorPolicy(policy, quarantinePath, maxBadFraction);
    }
}
