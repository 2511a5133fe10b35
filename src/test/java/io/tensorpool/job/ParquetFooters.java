package io.tensorpool.job;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.column.Encoding;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.metadata.ColumnChunkMetaData;
import org.apache.parquet.hadoop.metadata.ParquetMetadata;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.apache.parquet.schema.GroupType;
import org.apache.parquet.schema.MessageType;

/** Reads what a written Parquet file says about itself, below what Spark shows. */
final class ParquetFooters {
    private ParquetFooters() {
    }

    /** The schema of the first data file in {@code folder}. */
    static MessageType schema(Path folder) {
        return footers(folder).get(0).getFileMetaData().getSchema();
    }

    /**
     * Every encoding used by the column chunks of {@code column} (a top-level column: its own chunk,
     * or its list's elements) in every row group of every data file in {@code folder}.
     */
    static Set<Encoding> encodings(Path folder, String column) {
        Set<Encoding> encodings = new TreeSet<>();
        for (ParquetMetadata footer : footers(folder)) {
            for (BlockMetaData rowGroup : footer.getBlocks()) {
                for (ColumnChunkMetaData chunk : rowGroup.getColumns()) {
                    if (chunk.getPath().toArray()[0].equals(column)) {
                        encodings.addAll(chunk.getEncodings());
                    }
                }
            }
        }
        return encodings;
    }

    /** The uncompressed size of every row group of every data file in {@code folder}, in bytes. */
    static List<Long> rowGroupSizes(Path folder) {
        List<Long> sizes = new ArrayList<>();
        for (ParquetMetadata footer : footers(folder)) {
            for (BlockMetaData rowGroup : footer.getBlocks()) {
                sizes.add(rowGroup.getTotalByteSize());
            }
        }
        return sizes;
    }

    /** The footers of the data files in {@code folder}, in file name order. */
    static List<ParquetMetadata> footers(Path folder) {
        List<ParquetMetadata> footers = new ArrayList<>();
        try (Stream<Path> files = Files.list(folder)) {
            for (Path file : files.filter(p -> p.getFileName().toString().endsWith(".parquet")).sorted().toList()) {
                try (ParquetFileReader reader = ParquetFileReader.open(HadoopInputFile.fromPath(
                        new org.apache.hadoop.fs.Path(file.toUri()), new Configuration()))) {
                    footers.add(reader.getFooter());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (footers.isEmpty()) {
            throw new IllegalStateException("no .parquet file in " + folder);
        }
        return footers;
    }

    /** The element type of a standard 3-level list column, e.g. {@code required float element}. */
    static String leafType(Path folder, String column) {
        GroupType list = schema(folder).getType(column).asGroupType().getType(0).asGroupType();
        return list.getType(0).toString();
    }
}
