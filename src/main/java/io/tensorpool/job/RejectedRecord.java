package io.tensorpool.job;

/**
 * Why and where one record was set aside under {@code on_bad_record: quarantine}: the four
 * columns {@link QuarantineFiles} writes after the record's own.
 *
 * @param file    the input file the record was read from
 * @param row     the record's row index inside that file
 * @param reason  the stable reason key, e.g. {@code shape_mismatch}
 * @param message the problem, in words
 */
record RejectedRecord(String file, long row, String reason, String message) {
}
