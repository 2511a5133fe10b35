package io.tensorpool.job.write;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.hadoop.mapreduce.Job;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.execution.datasources.OutputWriterFactory;
import org.apache.spark.sql.execution.datasources.parquet.ParquetFileFormat;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.MapType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import scala.Option;

/**
 * Spark's Parquet data source with a faster writer for flat {@code array<number>} columns
 * (tensors, shapes, indices): {@code dataset.write().format(TensorParquetFormat.class.getName())}
 * writes ordinary Parquet files, the same schema and footer Spark's writer gives, through Spark's
 * own commit protocol (staging, task retries, every save mode). Reading is Spark's.
 *
 * <p>Which columns are written in bulk: those named by the option {@link #BULK_COLUMNS} (a JSON
 * array of top-level column names), or without it every top-level column of type
 * {@code array<float|double|tinyint|smallint|int|bigint>}. Every other column, and a file whose
 * settings need a Parquet feature the bulk writer does not implement, are written by Spark's own
 * writer. A write whose schema holds a {@code variant} goes wholly through Spark's writer, which
 * may shred it.
 */
public class TensorParquetFormat extends ParquetFileFormat {
    private static final long serialVersionUID = 1L;

    /**
     * The write option naming the columns to write in bulk, as a JSON array of names; also the
     * footer key under which each file written by the bulk writer lists the columns it holds in
     * bulk pages.
     */
    public static final String BULK_COLUMNS = "tensorpool.bulk_columns";

    private static final ObjectMapper JSON = new ObjectMapper();

    /** The value of {@link #BULK_COLUMNS} for {@code columns}. */
    public static String bulkColumns(List<String> columns) {
        try {
            return JSON.writeValueAsString(columns);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public OutputWriterFactory prepareWrite(SparkSession sparkSession, Job job,
                                            scala.collection.immutable.Map<String, String> options,
                                            StructType dataSchema) {
        OutputWriterFactory spark = super.prepareWrite(sparkSession, job, options, dataSchema);
        int[] bulk = bulkOrdinals(dataSchema, named(options.get(BULK_COLUMNS)));
        if (bulk.length == 0 || hasVariant(dataSchema)) {
            return spark;
        }
        return new BulkWriterFactory(spark, bulk);
    }

    private static List<String> named(Option<String> option) {
        if (option.isEmpty()) {
            return null;
        }
        try {
            return List.of(JSON.readValue(option.get(), String[].class));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("Cannot read the write option " + BULK_COLUMNS + ": " + e.getOriginalMessage()
                    + ". Give a JSON array of column names, e.g. [\"x\", \"shape\"]", e);
        }
    }

    /** The ordinals of the top-level flat number arrays among {@code named} (all of them when null). */
    static int[] bulkOrdinals(StructType schema, List<String> named) {
        List<Integer> ordinals = new ArrayList<>();
        StructField[] fields = schema.fields();
        for (int i = 0; i < fields.length; i++) {
            if ((named == null || named.contains(fields[i].name())) && fields[i].dataType() instanceof ArrayType array
                    && ListElement.of(array.elementType()) != null) {
                ordinals.add(i);
            }
        }
        return ordinals.stream().mapToInt(Integer::intValue).toArray();
    }

    /** Whether a variant sits anywhere in {@code type}; checked by name, a type Spark 3.5 does not have. */
    private static boolean hasVariant(DataType type) {
        if (type instanceof StructType struct) {
            for (StructField field : struct.fields()) {
                if (hasVariant(field.dataType())) {
                    return true;
                }
            }
            return false;
        } else if (type instanceof ArrayType array) {
            return hasVariant(array.elementType());
        } else if (type instanceof MapType map) {
            return hasVariant(map.keyType()) || hasVariant(map.valueType());
        }
        return type.typeName().toLowerCase(Locale.ROOT).equals("variant");
    }

    @Override
    public String toString() {
        return "TensorParquet";
    }
}
