package io.tensorpool.job;

import io.tensorpool.config.ErrorPolicy;

/**
 * {@code errors.max_bad_fraction}: how many of the records read may be bad before a run, under
 * skip or quarantine, counts as failed.
 */
final class BadRecordLimit {

    private BadRecordLimit() {
    }

    /**
     * @param outputPath what would have been written, for the message
     * @throws TooManyBadRecordsException when more records were bad than the policy allows
     */
    static void check(ErrorPolicy errors, RunCounters.Totals totals, String outputPath) {
        long recordsBad = totals.recordsBad();
        if (recordsBad == 0) {
            return;
        }
        long recordsIn = totals.recordsIn();
        double fraction = (double) recordsBad / recordsIn;
        double allowed = errors.maxBadFraction();
        if (fraction > allowed) {
            throw JobErrors.tooManyBadRecords(outputPath, recordsBad, recordsIn, totals.badRecords(), fraction,
                    allowed);
        }
    }
}
