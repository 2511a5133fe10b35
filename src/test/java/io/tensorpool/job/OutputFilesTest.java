package io.tensorpool.job;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tensorpool.SparkLineTest;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.RemoteIterator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link OutputFiles#dataBytes}: what counts as output data, and how it is listed. */
@SparkLineTest
class OutputFilesTest {
    @TempDir
    Path temp;

    /**
     * Refuses the located listing: Hadoop's local file system builds each {@code LocatedFileStatus}
     * by forking {@code ls -ld} for the file's permissions.
     */
    public static final class UnlocatedLocalFileSystem extends LocalFileSystem {
        @Override
        protected RemoteIterator<LocatedFileStatus> listLocatedStatus(org.apache.hadoop.fs.Path f,
                                                                      org.apache.hadoop.fs.PathFilter filter)
                throws FileNotFoundException {
            throw new AssertionError("located listing of " + f + ": a forked ls -ld per file on local disks");
        }
    }

    private static Configuration refusingLocatedListing() {
        Configuration hadoop = new Configuration(false);
        hadoop.set("fs.file.impl", UnlocatedLocalFileSystem.class.getName());
        hadoop.setBoolean("fs.file.impl.disable.cache", true);
        return hadoop;
    }

    private Path file(String relative, int bytes) throws IOException {
        Path path = temp.resolve(relative);
        Files.createDirectories(path.getParent());
        return Files.write(path, new byte[bytes]);
    }

    @Test
    void countsDataFilesInNestedFoldersAndNothingHidden() throws IOException {
        file("out/part-00000.parquet", 100);
        file("out/part-00001.parquet", 20);
        file("out/year=2026/part-00002.parquet", 3);
        file("out/_SUCCESS", 1000);
        file("out/.part-00000.parquet.crc", 1000);
        file("out/_temporary/0/part-00009.parquet", 1000);
        file("out/.hidden/part-00010.parquet", 1000);

        assertEquals(123, new OutputFiles(refusingLocatedListing()).dataBytes(temp.resolve("out").toString()));
    }

    @Test
    void aMissingLocationHoldsNoBytes() {
        assertEquals(0, new OutputFiles(refusingLocatedListing()).dataBytes(temp.resolve("absent").toString()));
    }
}
