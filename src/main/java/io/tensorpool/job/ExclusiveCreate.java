package io.tensorpool.job;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;

/**
 * Creates a small file only if no file is at its path, atomically: of any number of processes or
 * threads creating the same path at once, exactly one succeeds. The publish locks are built on it
 * ({@link PublishJournal}, and the claim on a dead run's journal in {@link Publisher}).
 *
 * <p>On HDFS, {@code FileSystem.create(path, overwrite=false)} is atomic at the NameNode. Hadoop's
 * local file system checks and then creates (two threads can both "create" the file, the second
 * replacing the first), so for {@code file:} paths the operating system's exclusive create
 * ({@code O_CREAT|O_EXCL}, {@link StandardOpenOption#CREATE_NEW}) is used instead. Object stores
 * need a conditional put (S3 {@code If-None-Match: *}) that Hadoop's S3A does not expose through
 * {@code create}: there this is no lock (see the README, "Overlapping runs").
 *
 * <p>The contents are written after the create: a reader can see the file empty or cut short
 * while it is written, or for good when the writer was killed in between.
 */
final class ExclusiveCreate {
    private ExclusiveCreate() {
    }

    /** @return false when a file was at {@code path} already; nothing was written then */
    static boolean create(FileSystem fs, Path path, byte[] contents) throws IOException {
        File local = fs instanceof LocalFileSystem checked ? checked.pathToFile(path)
                : fs instanceof RawLocalFileSystem raw ? raw.pathToFile(path) : null;
        if (local != null) {
            try (OutputStream out = Files.newOutputStream(local.toPath(), StandardOpenOption.CREATE_NEW,
                    StandardOpenOption.WRITE)) {
                out.write(contents);
            } catch (FileAlreadyExistsException e) {
                return false;
            }
            return true;
        }
        try (OutputStream out = fs.create(path, false)) {
            out.write(contents);
        } catch (org.apache.hadoop.fs.FileAlreadyExistsException e) {
            return false;
        }
        return true;
    }
}
