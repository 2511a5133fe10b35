package io.tensorpool.job.write;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Array;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.format.FileMetaData;
import org.apache.parquet.format.Util;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.example.GroupReadSupport;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.apache.parquet.schema.GroupType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Type;

/**
 * Reads written Parquet files with readers other than Spark's: parquet-java's example record
 * reader and its footer structures, and DuckDB through its JDBC driver. Every numeric value comes
 * back as its raw bits ({@code long}), so that comparisons are bit for bit, NaN payloads included.
 */
final class Readers {
    private Readers() {
    }

    /** The data files of an output folder, in name order. */
    static List<Path> files(Path folder) {
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".parquet")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One row as parquet-java's example reader gives it: each list column as raw bits, null for a null list. */
    record JavaRow(Map<String, long[]> lists, Map<String, Long> scalars) {
    }

    /** Every row of {@code file} in file order: top-level lists of numbers as bits, top-level int64 as values. */
    static List<JavaRow> parquetJavaRows(Path file) {
        List<JavaRow> rows = new ArrayList<>();
        try (ParquetReader<Group> reader = ParquetReader.builder(new GroupReadSupport(),
                new org.apache.hadoop.fs.Path(file.toUri())).withConf(new Configuration()).build()) {
            for (Group group = reader.read(); group != null; group = reader.read()) {
                Map<String, long[]> lists = new LinkedHashMap<>();
                Map<String, Long> scalars = new LinkedHashMap<>();
                GroupType type = group.getType();
                for (int f = 0; f < type.getFieldCount(); f++) {
                    Type field = type.getType(f);
                    if (group.getFieldRepetitionCount(f) == 0) {
                        lists.put(field.getName(), null);
                    } else if (field.isPrimitive()) {
                        if (field.asPrimitiveType().getPrimitiveTypeName() == PrimitiveTypeName.INT64) {
                            scalars.put(field.getName(), group.getLong(f, 0));
                        }
                    } else {
                        lists.put(field.getName(), listBits(group.getGroup(f, 0)));
                    }
                }
                rows.add(new JavaRow(lists, scalars));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return rows;
    }

    /** A standard 3-level list's elements as raw bits. */
    private static long[] listBits(Group list) {
        int count = list.getFieldRepetitionCount(0);
        long[] bits = new long[count];
        for (int i = 0; i < count; i++) {
            Group entry = list.getGroup(0, i);
            PrimitiveTypeName type = entry.getType().getType(0).asPrimitiveType().getPrimitiveTypeName();
            bits[i] = switch (type) {
                case FLOAT -> Float.floatToRawIntBits(entry.getFloat(0, 0));
                case DOUBLE -> Double.doubleToRawLongBits(entry.getDouble(0, 0));
                case INT32 -> entry.getInteger(0, 0);
                default -> entry.getLong(0, 0);
            };
        }
        return bits;
    }

    /** The footer of {@code file} as written: parquet-format's Thrift structures, nothing normalised. */
    static FileMetaData rawFooter(Path file) {
        try (RandomAccessFile in = new RandomAccessFile(file.toFile(), "r")) {
            long length = in.length();
            byte[] tail = new byte[8];
            in.seek(length - 8);
            in.readFully(tail);
            int footerLength = ByteBuffer.wrap(tail).order(ByteOrder.LITTLE_ENDIAN).getInt();
            byte[] footer = new byte[footerLength];
            in.seek(length - 8 - footerLength);
            in.readFully(footer);
            return Util.readFileMetaData(new ByteArrayInputStream(footer));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static ParquetFileReader open(Path file) throws IOException {
        return ParquetFileReader.open(HadoopInputFile.fromPath(new org.apache.hadoop.fs.Path(file.toUri()),
                new Configuration()));
    }

    /**
     * The rows DuckDB reads from every data file of {@code folder}, ordered by {@code id}: the
     * given list columns as raw bits of their Java values (null for a null list).
     */
    static Map<Long, Map<String, long[]>> duckDb(Path folder, List<String> listColumns) {
        String query = "SELECT id, " + String.join(", ", listColumns) + " FROM read_parquet('"
                + folder.toAbsolutePath().resolve("*.parquet").toString().replace("'", "''") + "') ORDER BY id";
        Map<Long, Map<String, long[]>> rows = new LinkedHashMap<>();
        try (Connection connection = DriverManager.getConnection("jdbc:duckdb:");
             Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery(query)) {
            while (result.next()) {
                Map<String, long[]> lists = new LinkedHashMap<>();
                for (String column : listColumns) {
                    Array array = result.getArray(column);
                    lists.put(column, array == null ? null : bits((Object[]) array.getArray()));
                }
                rows.put(result.getLong("id"), lists);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("DuckDB could not read " + folder + ": " + e.getMessage(), e);
        }
        return rows;
    }

    /**
     * Every row DuckDB reads from {@code folder}, ordered by its first column, as text: lists
     * element by element, nulls as {@code null}, floats by their bits with every NaN as one.
     */
    static List<String> duckDbText(Path folder) {
        String query = "SELECT * FROM read_parquet('"
                + folder.toAbsolutePath().resolve("*.parquet").toString().replace("'", "''") + "') ORDER BY 1";
        List<String> rows = new ArrayList<>();
        try (Connection connection = DriverManager.getConnection("jdbc:duckdb:");
             Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery(query)) {
            int columns = result.getMetaData().getColumnCount();
            while (result.next()) {
                StringBuilder row = new StringBuilder();
                for (int c = 1; c <= columns; c++) {
                    Object value = result.getObject(c);
                    row.append(result.getMetaData().getColumnName(c)).append('=')
                            .append(value instanceof Array array ? text((Object[]) array.getArray()) : valueText(value))
                            .append(';');
                }
                rows.add(row.toString());
            }
        } catch (SQLException e) {
            throw new IllegalStateException("DuckDB could not read " + folder + ": " + e.getMessage(), e);
        }
        return rows;
    }

    private static String text(Object[] values) {
        StringBuilder out = new StringBuilder("[");
        for (Object value : values) {
            out.append(valueText(value)).append(',');
        }
        return out.append(']').toString();
    }

    /** A value as text: floats and doubles by their bits with every NaN as one, bytes element by element. */
    static String valueText(Object value) {
        if (value instanceof Float f) {
            return "f" + Integer.toHexString(Float.floatToIntBits(f));
        } else if (value instanceof Double d) {
            return "d" + Long.toHexString(Double.doubleToLongBits(d));
        } else if (value instanceof byte[] bytes) {
            return java.util.Arrays.toString(bytes);
        }
        return String.valueOf(value);
    }

    private static long[] bits(Object[] values) {
        long[] bits = new long[values.length];
        for (int i = 0; i < values.length; i++) {
            bits[i] = bitsOf(values[i]);
        }
        return bits;
    }

    /** The raw bits of a boxed number: floats and doubles by their bit patterns, integers by value. */
    static long bitsOf(Object value) {
        if (value instanceof Float f) {
            return Float.floatToRawIntBits(f);
        } else if (value instanceof Double d) {
            return Double.doubleToRawLongBits(d);
        }
        return ((Number) value).longValue();
    }
}
