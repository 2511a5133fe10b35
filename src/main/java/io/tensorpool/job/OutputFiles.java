package io.tensorpool.job;

import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * File-system facts about an output location, through Hadoop's {@link FileSystem} so that local
 * paths, {@code hdfs://} and object stores behave alike.
 */
final class OutputFiles {
    private final Configuration hadoop;

    OutputFiles(Configuration hadoop) {
        this.hadoop = hadoop;
    }

    /**
     * The total size in bytes of the data files below {@code location} (recursively; names
     * starting with _ or . excluded), 0 when it does not exist.
     *
     * <p>Lists with {@link FileSystem#listStatus}, whose statuses carry the lengths, rather than
     * {@code listFiles}: its {@code LocatedFileStatus} copies each file's permissions, which
     * Hadoop's local file system reads by forking {@code ls -ld} once per file (about 10 ms each
     * from a large JVM, more than the rest of a small job's bookkeeping).
     */
    long dataBytes(String location) {
        try {
            Path given = new Path(location);
            FileSystem fs = given.getFileSystem(hadoop);
            Path root = fs.makeQualified(given);
            return fs.exists(root) ? dataBytes(fs, root) : 0;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot list " + location + ": " + e.getMessage(), e);
        }
    }

    private static long dataBytes(FileSystem fs, Path folder) throws IOException {
        long total = 0;
        for (FileStatus status : fs.listStatus(folder)) {
            if (isHidden(status.getPath())) {
                continue;
            }
            total += status.isDirectory() ? dataBytes(fs, status.getPath()) : status.getLen();
        }
        return total;
    }

    /** Hidden files and folders (Spark's _temporary, checksums, manifests) are not data. */
    private static boolean isHidden(Path path) {
        String name = path.getName();
        return name.startsWith("_") || name.startsWith(".");
    }
}
