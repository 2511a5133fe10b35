package io.tensorpool.job;

import java.io.Serializable;

/**
 * One record set aside under {@code on_bad_record: quarantine}: where it came from and why.
 * The record's own columns are read again from its file when the quarantine is written, so
 * that they reach the quarantine exactly as the input had them.
 */
record RejectedRecord(String file, long row, String reason, String message) implements Serializable {
}
