package io.tensorpool.job.write;

import java.nio.ByteOrder;
import java.util.Locale;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.column.ParquetProperties;
import org.apache.parquet.column.ParquetProperties.WriterVersion;
import org.apache.parquet.hadoop.ParquetOutputFormat;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;

/**
 * The Parquet writer settings of one output file, read from the task's Hadoop configuration with
 * the same keys and defaults as parquet-java's {@code ParquetOutputFormat} (which Spark's own
 * writer uses): row group and page sizes, dictionary encoding (globally and per column), the
 * page size checks, statistics and column index truncation, page checksums, row group padding.
 *
 * <p>Only settings that every parquet-java line Spark ships (1.13 to 1.17) understands are read
 * here. A file whose configuration asks for something the bulk writer does not implement
 * (see {@link #unsupported}) is written by Spark's writer instead, so no setting is ever
 * silently ignored.
 */
final class WriteSettings {
    /** parquet-java 1.14's row group row limit; read by its key, which older lines do not define. */
    static final String ROW_GROUP_ROW_LIMIT = "parquet.block.row.count.limit";

    private static final String PREFIX = "parquet.";
    /** Settings that change how pages are encoded or protected; each is honoured only by Spark's writer. */
    private static final Map<String, String> ENCODING_SETTINGS = Map.of(
            "enable.bytestreamsplit", "byte stream split encoding",
            "column.statistics.enabled", "per-column statistics switches",
            "size.statistics.enabled", "size statistics switches",
            "page.value.count.threshold", "a page value count threshold",
            "bloom.filter", "bloom filters");

    final long rowGroupSize;
    final int rowGroupRowLimit;
    final int maxPaddingSize;
    final boolean validating;
    final int pageSize;
    final int pageRowLimit;
    final int columnIndexTruncateLength;
    final int statisticsTruncateLength;
    final boolean pageChecksums;
    final CompressionCodecName codec;
    final ParquetProperties properties;

    WriteSettings(Configuration conf, CompressionCodecName codec) {
        this.codec = codec;
        this.rowGroupSize = ParquetOutputFormat.getLongBlockSize(conf);
        this.rowGroupRowLimit = conf.getInt(ROW_GROUP_ROW_LIMIT, Integer.MAX_VALUE);
        this.maxPaddingSize = conf.getInt(ParquetOutputFormat.MAX_PADDING_BYTES, ParquetWriter.MAX_PADDING_SIZE_DEFAULT);
        this.validating = ParquetOutputFormat.getValidation(conf);
        this.pageSize = ParquetOutputFormat.getPageSize(conf);
        this.pageRowLimit = conf.getInt(ParquetOutputFormat.PAGE_ROW_COUNT_LIMIT,
                ParquetProperties.DEFAULT_PAGE_ROW_COUNT_LIMIT);
        this.columnIndexTruncateLength = conf.getInt(ParquetOutputFormat.COLUMN_INDEX_TRUNCATE_LENGTH,
                ParquetProperties.DEFAULT_COLUMN_INDEX_TRUNCATE_LENGTH);
        this.statisticsTruncateLength = conf.getInt(ParquetOutputFormat.STATISTICS_TRUNCATE_LENGTH,
                ParquetProperties.DEFAULT_STATISTICS_TRUNCATE_LENGTH);
        this.pageChecksums = ParquetOutputFormat.getPageWriteChecksumEnabled(conf);
        ParquetProperties.Builder builder = ParquetProperties.builder()
                .withPageSize(pageSize)
                .withDictionaryPageSize(ParquetOutputFormat.getDictionaryPageSize(conf))
                .withDictionaryEncoding(ParquetOutputFormat.getEnableDictionary(conf))
                .withWriterVersion(ParquetOutputFormat.getWriterVersion(conf))
                .estimateRowCountForPageSizeCheck(ParquetOutputFormat.getEstimatePageSizeCheck(conf))
                .withMinRowCountForPageSizeCheck(ParquetOutputFormat.getMinRowCountForPageSizeCheck(conf))
                .withMaxRowCountForPageSizeCheck(ParquetOutputFormat.getMaxRowCountForPageSizeCheck(conf))
                .withColumnIndexTruncateLength(columnIndexTruncateLength)
                .withStatisticsTruncateLength(statisticsTruncateLength)
                .withPageRowCountLimit(pageRowLimit)
                .withPageWriteChecksumEnabled(pageChecksums);
        // Per-column switches, "parquet.enable.dictionary#<column path>", as parquet-java reads them.
        String dictionaryPrefix = ParquetOutputFormat.ENABLE_DICTIONARY + "#";
        for (Map.Entry<String, String> entry : conf.getPropsWithPrefix(dictionaryPrefix).entrySet()) {
            builder.withDictionaryEncoding(entry.getKey(), conf.getBoolean(dictionaryPrefix + entry.getKey(), false));
        }
        this.properties = builder.build();
    }

    /**
     * Why the bulk writer cannot write a file under {@code conf} faithfully, or null when it can:
     * data page v2, encryption, or a setting only newer parquet-java lines or Spark's writer
     * honour (byte stream split, bloom filters, statistics switches). Also a big-endian machine,
     * since Spark's arrays hold their values in the machine's byte order and Parquet's are
     * little-endian.
     */
    static String unsupported(Configuration conf) {
        if (ByteOrder.nativeOrder() != ByteOrder.LITTLE_ENDIAN) {
            return "this machine is big-endian";
        }
        if (ParquetOutputFormat.getWriterVersion(conf) != WriterVersion.PARQUET_1_0) {
            return ParquetOutputFormat.WRITER_VERSION + " asks for data page v2";
        }
        for (Map.Entry<String, String> entry : conf.getPropsWithPrefix(PREFIX).entrySet()) {
            String key = entry.getKey();
            if (key.startsWith("crypto.") || key.startsWith("encryption.")) {
                return PREFIX + key + " asks for encryption";
            }
            for (Map.Entry<String, String> setting : ENCODING_SETTINGS.entrySet()) {
                if (key.startsWith(setting.getKey()) && !isDefault(key, entry.getValue())) {
                    return PREFIX + key + " asks for " + setting.getValue();
                }
            }
        }
        return null;
    }

    /** A setting that only restates the default (bloom filters, byte stream split off; statistics on). */
    private static boolean isDefault(String key, String value) {
        if (key.contains("#")) {
            return false;
        }
        String normalized = value == null ? "" : value.trim().toLowerCase(Locale.ROOT);
        return switch (key) {
            case "enable.bytestreamsplit", "bloom.filter.enabled", "bloom.filter.adaptive.enabled" ->
                    normalized.equals("false");
            case "column.statistics.enabled", "size.statistics.enabled" -> normalized.equals("true");
            case "bloom.filter.max.bytes" -> true;
            default -> false;
        };
    }
}
