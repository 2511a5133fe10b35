package io.tensorpool.job.read;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.spark.unsafe.types.UTF8String;

/**
 * A task's open input file for the tensor column: the one its rows come from now. A task reads
 * its splits one after another, so one file is open at a time; the next file closes it, and so
 * does the end of the task.
 */
final class TaskListFiles implements AutoCloseable {
    private final Configuration conf;
    private final String column;
    private final boolean caseSensitive;
    private UTF8String openPath;
    private ListColumnFile open;

    TaskListFiles(Configuration conf, String column, boolean caseSensitive) {
        this.conf = conf;
        this.column = column;
        this.caseSensitive = caseSensitive;
    }

    /** Reads row {@code row} of the file Spark's {@code _metadata.file_path} names as {@code path}. */
    void read(UTF8String path, long row, RecordValues into) {
        try {
            if (open == null || !path.equals(openPath)) {
                close();
                String name = path.toString();
                open = ListColumnFile.open(conf, fromFilePath(name), name, column, caseSensitive);
                openPath = path.clone();
            }
            open.read(row, into);
        } catch (IOException e) {
            throw new UncheckedIOException(e.getMessage(), e);
        }
    }

    /**
     * The file Spark's {@code _metadata.file_path} names: it is the path as a URI string (its
     * special characters percent-encoded), which Spark itself turns back into a path this way.
     */
    static Path fromFilePath(String filePath) throws IOException {
        try {
            return new Path(new URI(filePath));
        } catch (URISyntaxException e) {
            throw new IOException("Cannot read the input file " + filePath + ": its name is not a URI ("
                    + e.getMessage() + ")", e);
        }
    }

    @Override
    public void close() throws IOException {
        if (open != null) {
            ListColumnFile closing = open;
            open = null;
            openPath = null;
            closing.close();
        }
    }
}
