package io.tensorpool.job.write;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.hadoop.CodecFactory;
import org.apache.parquet.hadoop.ColumnChunkPageWriteStore;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.api.WriteSupport;
import org.apache.parquet.hadoop.util.HadoopOutputFile;
import org.apache.parquet.schema.MessageType;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.execution.datasources.OutputWriter;
import org.apache.spark.sql.execution.datasources.parquet.ParquetWriteSupport;
import org.apache.spark.sql.types.StructType;

/**
 * Writes one Parquet file of a task: the bulk columns through {@link ListColumnWriter}, every
 * other column through Spark's own write support ({@link PassthroughColumns}), all into
 * parquet-java's page store and file writer, which write the column chunks, the column and offset
 * indexes, the statistics and the footer. The file schema and the footer's key-value metadata
 * (Spark's schema with its column metadata, the Spark version, the rebase and time zone keys) are
 * those Spark's write support gives for the whole row, so the file is the one Spark's writer would
 * write up to how the bulk columns' pages are laid out.
 *
 * <p>Row groups follow parquet-java's rule: close one when the buffered bytes (finished pages
 * compressed, open pages as they stand) come within two average rows of the row group size
 * ({@code parquet.block.size}, or what is left before the next HDFS block with padding), or at
 * {@code parquet.block.row.count.limit} rows.
 */
// CodecFactory.BytesCompressor and this ColumnChunkPageWriteStore constructor are deprecated in
// newer parquet-java, but they are the ones that every line Spark ships (1.13 to 1.17) has.
@SuppressWarnings("deprecation")
final class BulkOutputWriter extends OutputWriter {
    private final String path;
    private final WriteSettings settings;
    private final MessageType schema;
    private final Map<String, String> metadata;
    private final CodecFactory codecs;
    private final CodecFactory.BytesCompressor compressor;
    private final ParquetFileWriter file;
    private final PassthroughColumns passthrough;
    private final List<ListColumnWriter> lists = new ArrayList<>();
    private ColumnChunkPageWriteStore pages;
    private long rows;
    private long nextRowGroupSize;
    private boolean failed;
    private boolean closed;

    /**
     * @param bulk the ordinals of the columns to write in bulk; those whose Parquet layout the
     *             bulk writer does not take ({@link ListLayout#of}) go through Spark's write support
     */
    BulkOutputWriter(String path, StructType dataSchema, int[] bulk, Configuration conf, WriteSettings settings)
            throws IOException {
        this.path = path;
        this.settings = settings;
        WriteSupport.WriteContext context = new ParquetWriteSupport().init(conf);
        this.schema = context.getSchema();
        this.metadata = new HashMap<>(context.getExtraMetaData());
        List<Integer> others = new ArrayList<>();
        boolean[] isBulk = new boolean[dataSchema.size()];
        for (int ordinal : bulk) {
            ListLayout layout = ListLayout.of(schema, ordinal, dataSchema.fields()[ordinal]);
            if (layout != null) {
                lists.add(new ListColumnWriter(ordinal, layout, settings));
                isBulk[ordinal] = true;
            }
        }
        for (int i = 0; i < dataSchema.size(); i++) {
            if (!isBulk[i]) {
                others.add(i);
            }
        }
        // Which columns this file has in bulk pages, for whoever looks at a file and wonders.
        metadata.put(TensorParquetFormat.BULK_COLUMNS, TensorParquetFormat.bulkColumns(
                lists.stream().map(list -> list.column().getPath()[0]).toList()));
        this.passthrough = others.isEmpty() ? null : new PassthroughColumns(conf, dataSchema, schema,
                others.stream().mapToInt(Integer::intValue).toArray(), settings);
        this.codecs = new CodecFactory(conf, settings.pageSize);
        this.compressor = codecs.getCompressor(settings.codec);
        this.file = new ParquetFileWriter(HadoopOutputFile.fromPath(new Path(path), conf), schema,
                ParquetFileWriter.Mode.CREATE, settings.rowGroupSize, settings.maxPaddingSize,
                settings.columnIndexTruncateLength, settings.statisticsTruncateLength, settings.pageChecksums);
        file.start();
        this.nextRowGroupSize = settings.rowGroupSize;
        startRowGroup();
    }

    /** How many columns are written in bulk (the others go through Spark's write support). */
    int bulkColumns() {
        return lists.size();
    }

    private void startRowGroup() {
        pages = new ColumnChunkPageWriteStore(compressor, schema, settings.properties.getAllocator(),
                settings.columnIndexTruncateLength, settings.pageChecksums);
        if (passthrough != null) {
            passthrough.startRowGroup(pages, pages);
        }
        for (ListColumnWriter list : lists) {
            list.startRowGroup(pages.getPageWriter(list.column()));
        }
    }

    @Override
    public void write(InternalRow row) {
        try {
            if (passthrough != null) {
                passthrough.write(row);
            }
            for (ListColumnWriter list : lists) {
                list.write(row);
            }
            rows++;
            if (rows >= settings.rowGroupRowLimit || rowGroupFull()) {
                endRowGroup();
                startRowGroup();
            }
        } catch (IOException e) {
            failed = true;
            throw new UncheckedIOException("Cannot write " + path + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            failed = true;
            throw e;
        }
    }

    /** Within about two rows of the row group size, as parquet-java's record writer judges it. */
    private boolean rowGroupFull() {
        long buffered = passthrough == null ? 0 : passthrough.bufferedSize();
        for (ListColumnWriter list : lists) {
            buffered += list.bufferedSize();
        }
        return buffered > nextRowGroupSize - 2 * (buffered / rows);
    }

    private void endRowGroup() throws IOException {
        if (passthrough != null) {
            passthrough.endRowGroup();
        }
        for (ListColumnWriter list : lists) {
            list.flushPage();
        }
        if (rows > 0) {
            file.startBlock(rows);
            pages.flushToFileWriter(file);
            file.endBlock();
            nextRowGroupSize = Math.min(file.getNextRowGroupSize(), settings.rowGroupSize);
        }
        rows = 0;
        pages = null;
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            if (failed) {
                // The task failed and Spark's commit protocol discards this file; end() closes the stream.
                try {
                    file.end(metadata);
                } catch (IOException | RuntimeException ignored) {
                    // the file is being thrown away
                }
                return;
            }
            endRowGroup();
            file.end(metadata);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + path + ": " + e.getMessage(), e);
        } finally {
            codecs.release();
        }
    }

    @Override
    public String path() {
        return path;
    }
}
