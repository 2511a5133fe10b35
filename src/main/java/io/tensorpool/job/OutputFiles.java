package io.tensorpool.job;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;

/**
 * File-system facts about an output or input location, through Hadoop's {@link FileSystem} so
 * that local paths, {@code hdfs://} and object stores behave alike.
 */
final class OutputFiles {
    private final Configuration hadoop;

    OutputFiles(Configuration hadoop) {
        this.hadoop = hadoop;
    }

    boolean exists(String location) {
        try {
            Path path = new Path(location);
            return path.getFileSystem(hadoop).exists(path);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot check whether " + location + " exists: " + e.getMessage(), e);
        }
    }

    /** The data files below {@code location} (recursively), by full path: names starting with _ or . excluded. */
    Set<String> dataFiles(String location) {
        Set<String> files = new HashSet<>();
        try {
            Path given = new Path(location);
            FileSystem fs = given.getFileSystem(hadoop);
            Path root = fs.makeQualified(given);
            if (!fs.exists(root)) {
                return files;
            }
            RemoteIterator<LocatedFileStatus> it = fs.listFiles(root, true);
            while (it.hasNext()) {
                LocatedFileStatus status = it.next();
                if (isDataFile(root, status.getPath())) {
                    files.add(status.getPath().toString());
                }
            }
            return files;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot list " + location + ": " + e.getMessage(), e);
        }
    }

    /** The total size in bytes of the given files. */
    long totalBytes(Iterable<String> files) {
        long total = 0;
        try {
            for (String file : files) {
                Path path = new Path(file);
                FileStatus status = path.getFileSystem(hadoop).getFileStatus(path);
                total += status.getLen();
            }
            return total;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot measure output files: " + e.getMessage(), e);
        }
    }

    /** Writes {@code text} to {@code location/name}, replacing a file of that name. */
    void writeText(String location, String name, String text) {
        Path path = new Path(new Path(location), name);
        try (FSDataOutputStream out = path.getFileSystem(hadoop).create(path, true)) {
            writeUtf8(out, text);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + path + ": " + e.getMessage(), e);
        }
    }

    private static void writeUtf8(OutputStream out, String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.UTF_8));
    }

    /** Hidden files and folders below the root (Spark's _temporary, checksums, manifests) are not data. */
    private static boolean isDataFile(Path root, Path path) {
        String rootPath = root.toUri().getPath();
        for (Path p = path; p != null && !p.toUri().getPath().equals(rootPath); p = p.getParent()) {
            String part = p.getName();
            if (part.startsWith("_") || part.startsWith(".")) {
                return false;
            }
        }
        return true;
    }
}
