package io.tensorpool.job.write;

import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.column.ColumnWriteStore;
import org.apache.parquet.column.ParquetProperties;
import org.apache.parquet.column.page.PageWriteStore;
import org.apache.parquet.column.values.bloomfilter.BloomFilterWriteStore;
import org.apache.parquet.hadoop.api.WriteSupport;
import org.apache.parquet.io.ColumnIOFactory;
import org.apache.parquet.io.MessageColumnIO;
import org.apache.parquet.io.api.RecordConsumer;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.Type;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.GenericInternalRow;
import org.apache.spark.sql.execution.datasources.parquet.ParquetWriteSupport;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Every column the bulk writer does not write itself, written by Spark's own
 * {@link ParquetWriteSupport} through parquet-java's ordinary column writers, exactly as Spark's
 * writer writes them (decimals, timestamps, legacy lists, field ids, structs, maps...): the
 * write support sees a row of these columns only, projected from the full row without copying
 * any value.
 */
final class PassthroughColumns {
    private final int[] ordinals;
    private final DataType[] types;
    private final Object[] values;
    private final GenericInternalRow projected;
    private final ParquetWriteSupport support = new ParquetWriteSupport();
    private final MessageType schema;
    private final MessageColumnIO columnIO;
    private final ParquetProperties properties;
    private ColumnWriteStore columns;
    private RecordConsumer consumer;

    /**
     * @param fileSchema the schema of the whole file, as Spark's write support made it
     * @param ordinals   the columns to write, in order
     */
    PassthroughColumns(Configuration conf, StructType dataSchema, MessageType fileSchema, int[] ordinals,
                       WriteSettings settings) {
        this.ordinals = ordinals.clone();
        this.types = new DataType[ordinals.length];
        List<StructField> fields = new ArrayList<>();
        List<Type> parquetFields = new ArrayList<>();
        for (int i = 0; i < ordinals.length; i++) {
            StructField field = dataSchema.fields()[ordinals[i]];
            types[i] = field.dataType();
            fields.add(field);
            parquetFields.add(fileSchema.getType(ordinals[i]));
        }
        this.values = new Object[ordinals.length];
        this.projected = new GenericInternalRow(values);
        Configuration own = new Configuration(conf);
        ParquetWriteSupport.setSchema(new StructType(fields.toArray(StructField[]::new)), own);
        WriteSupport.WriteContext context = support.init(own);
        this.schema = new MessageType(fileSchema.getName(), parquetFields);
        if (!context.getSchema().equals(schema)) {
            throw new IllegalStateException("Cannot write the passthrough columns: Spark's Parquet schema for them alone, "
                    + context.getSchema() + ", differs from theirs in the file's schema, " + schema);
        }
        this.columnIO = new ColumnIOFactory(settings.validating).getColumnIO(schema);
        this.properties = settings.properties;
    }

    /** Starts a row group: the columns' pages go to {@code pages}. */
    void startRowGroup(PageWriteStore pages, BloomFilterWriteStore blooms) {
        columns = properties.newColumnWriteStore(schema, pages, blooms);
        consumer = columnIO.getRecordWriter(columns);
        support.prepareForWrite(consumer);
    }

    void write(InternalRow row) {
        for (int i = 0; i < ordinals.length; i++) {
            values[i] = row.isNullAt(ordinals[i]) ? null : row.get(ordinals[i], types[i]);
        }
        support.write(projected);
    }

    /** Bytes the columns hold for the row group (pages written and open), as parquet-java sizes row groups. */
    long bufferedSize() {
        return columns.getBufferedSize();
    }

    /** Ends the row group: every open page goes to the page store. */
    void endRowGroup() {
        consumer.flush();
        columns.flush();
        columns.close();
        columns = null;
        consumer = null;
    }
}
