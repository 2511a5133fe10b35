package io.tensorpool.job;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.apache.parquet.schema.GroupType;
import org.apache.parquet.schema.MessageType;

/** Reads what a written Parquet file says about itself, below what Spark shows. */
final class ParquetFooters {
    private ParquetFooters() {
    }

    /** The schema of the first data file in {@code folder}. */
    static MessageType schema(Path folder) {
        try (Stream<Path> files = Files.list(folder)) {
            Path first = files.filter(p -> p.getFileName().toString().endsWith(".parquet")).findFirst().orElseThrow();
            try (ParquetFileReader reader = ParquetFileReader.open(HadoopInputFile.fromPath(
                    new org.apache.hadoop.fs.Path(first.toUri()), new Configuration()))) {
                return reader.getFooter().getFileMetaData().getSchema();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The element type of a standard 3-level list column, e.g. {@code required float element}. */
    static String leafType(Path folder, String column) {
        GroupType list = schema(folder).getType(column).asGroupType().getType(0).asGroupType();
        return list.getType(0).toString();
    }
}
