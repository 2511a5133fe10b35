package io.tensorpool.job;

import java.util.Locale;
import java.util.Map;

/**
 * The user-facing messages of the driver flow, one method per error, in one place (as Delta
 * kernel's {@code DeltaErrors}): the input that cannot be read, an output or quarantine in the
 * way, an output column name taken, a rejected record, too many bad records.
 *
 * <p>Every message is one line that follows "Cannot &lt;do what&gt; &lt;path&gt;: &lt;why&gt;.
 * &lt;how to fix&gt;"; its first line is what users see and what the message tests pin. The
 * publish protocol's messages stay with {@link Publisher} and {@link PublishSteps}, which are
 * the only places that raise them.
 */
final class JobErrors {

    private JobErrors() {
    }

    /** The input path does not exist. */
    static PreconditionException inputNotFound(String path, Throwable cause) {
        return cannotReadInput(path, "the path does not exist; check input.path (or --input)", cause);
    }

    /** The input path is a folder with no Parquet file in it. */
    static PreconditionException inputHasNoParquet(String path, Throwable cause) {
        return cannotReadInput(path, "it holds no Parquet files (an empty folder?); check input.path (or --input)",
                cause);
    }

    /** Spark could not read the input; {@code problem} is the first line of its reason. */
    static PreconditionException inputUnreadable(String path, String problem, Throwable cause) {
        return cannotReadInput(path, problem, cause);
    }

    /** {@code input.format: image_files} found no image below the path. */
    static PreconditionException inputHasNoImages(String path, String glob) {
        return cannotReadInput(path, "it holds no PNG or JPEG files (" + glob + "); check input.path (or --input)",
                null);
    }

    /** A column the config names ({@code key}) is not in the input. */
    static PreconditionException inputColumnMissing(String path, String column, String key, String[] columns) {
        return cannotReadInput(path, "it has no column '" + column + "' (" + key + "); its columns are "
                + String.join(", ", columns), null);
    }

    /**
     * An input column has a type its role cannot take.
     *
     * @param column   how the message names the column, e.g. {@code column x} or {@code shape column s}
     * @param actual   its Spark type, in Spark's simple string form
     * @param needs    what the role needs, continuing "but ...", e.g. {@code the list layout needs ...}
     * @param checkKey the config keys to check, e.g. {@code input.tensor.layout}
     */
    static PreconditionException inputColumnType(String path, String column, String actual, String needs,
                                                 String checkKey) {
        return cannotReadInput(path, column + " is " + actual + ", but " + needs + "; check " + checkKey, null);
    }

    /** The output exists under {@code mode: error}. */
    static PreconditionException outputExists(String path) {
        return new PreconditionException("Cannot write output " + path + ": it already exists."
                + " Choose another output.path, or pass --mode overwrite to replace it (append adds to it)");
    }

    /** The quarantine exists under {@code mode: error}. */
    static PreconditionException quarantineExists(String path) {
        return new PreconditionException("Cannot write quarantine " + path
                + ": it already exists. Choose another errors.quarantine_path, or pass --mode overwrite");
    }

    /** An input column other than the tensor has a name the output needs for one of its own columns. */
    static PreconditionException outputColumnTaken(String outputPath, String column, String what) {
        return new PreconditionException("Cannot write output " + outputPath + ": the input already"
                + " has a column named " + column + ", and the output needs that name for " + what
                + "; rename or drop the input column first");
    }

    /** An input column other than the tensor and its shape has a name an {@code outputs} entry writes. */
    static PreconditionException outputsColumnTaken(String outputPath, String column, String entry) {
        return new PreconditionException("Cannot write output " + outputPath + ": the input already"
                + " has a column named " + column + ", and the outputs entry " + entry
                + " writes a column of that name; rename that entry's column (or shape_column,"
                + " indices_column) or drop the input column first");
    }

    /** A record that cannot be pooled under {@code errors.on_bad_record: fail}. */
    static RecordRejectedException recordRejected(String reason, long row, String file, String problem,
                                                  Throwable cause) {
        return new RecordRejectedException(reason, "Cannot pool row " + row + " of " + file + ": " + problem
                + ". Fix the record, or set errors.on_bad_record to skip or quarantine to set such records aside.",
                cause);
    }

    /** More records were bad than {@code errors.max_bad_fraction} allows; nothing was published. */
    static TooManyBadRecordsException tooManyBadRecords(String outputPath, long recordsBad, long recordsIn,
                                                        Map<String, Long> byReason, double fraction,
                                                        double allowed) {
        return new TooManyBadRecordsException("Cannot publish output " + outputPath + ": "
                + recordsBad + " of " + recordsIn + " records were bad (" + byReason + "), a fraction of "
                + String.format(Locale.ROOT, "%.6f", fraction) + " above errors.max_bad_fraction " + allowed
                + "; nothing was written. Fix the input, or raise errors.max_bad_fraction");
    }

    private static PreconditionException cannotReadInput(String path, String why, Throwable cause) {
        return new PreconditionException("Cannot read input " + path + ": " + why, cause);
    }
}
