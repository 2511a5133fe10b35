package io.tensorpool.layouts;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.hadoop.util.HadoopOutputFile;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.MessageTypeParser;

/**
 * Writes Parquet files with parquet-java's own example writer rather than Spark's: the schema
 * is given as Parquet's message text, so each file has exactly the list encoding a test names
 * (standard 3-level, pyarrow's {@code item}, legacy 2-level), as other writers produce them.
 */
final class ParquetJava {
    private ParquetJava() {
    }

    /**
     * Writes one file {@code part-0.parquet} into a new folder {@code folder} with one row per
     * filler; each filler adds the fields of its row to an empty group of {@code schema}.
     */
    static Path write(Path folder, String schema, List<Consumer<Group>> rows) {
        MessageType type = MessageTypeParser.parseMessageType(schema);
        SimpleGroupFactory groups = new SimpleGroupFactory(type);
        try {
            Files.createDirectories(folder);
            // Through Hadoop's file system, as every Spark line's parquet-java has it (LocalOutputFile
            // is newer than Spark 3.5's parquet-java 1.13).
            Configuration hadoop = new Configuration();
            org.apache.hadoop.fs.Path file = new org.apache.hadoop.fs.Path(folder.resolve("part-0.parquet").toUri());
            try (ParquetWriter<Group> writer = ExampleParquetWriter.builder(HadoopOutputFile.fromPath(file, hadoop))
                    .withType(type)
                    .withConf(hadoop)
                    .withWriteMode(ParquetFileWriter.Mode.CREATE)
                    .build()) {
                for (Consumer<Group> filler : rows) {
                    Group row = groups.newGroup();
                    filler.accept(row);
                    writer.write(row);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return folder;
    }

    /**
     * Adds a standard 3-level list ({@code <name> / list / <element>}) holding {@code values}:
     * each value through {@code add}; a null value leaves that element out, which an optional
     * element reads back as a null.
     */
    static <T> void addList(Group row, String name, String element, T[] values, ElementAdder<T> add) {
        Group list = row.addGroup(name);
        for (T value : values) {
            Group entry = list.addGroup("list");
            if (value != null) {
                add.add(entry, element, value);
            }
        }
    }

    /** Adds a legacy 2-level list: the repeated primitive field {@code element} directly inside {@code name}. */
    static <T> void addTwoLevelList(Group row, String name, String element, T[] values, ElementAdder<T> add) {
        Group list = row.addGroup(name);
        for (T value : values) {
            add.add(list, element, value);
        }
    }

    /** Adds one value of a primitive field. */
    @FunctionalInterface
    interface ElementAdder<T> {
        void add(Group group, String field, T value);
    }

    static final ElementAdder<Float> FLOAT = Group::add;
    static final ElementAdder<Double> DOUBLE = Group::add;
    static final ElementAdder<Integer> INT = Group::add;
    static final ElementAdder<Long> LONG = Group::add;
}
