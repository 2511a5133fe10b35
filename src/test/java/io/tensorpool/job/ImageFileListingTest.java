package io.tensorpool.job;

import static io.tensorpool.job.JobTestSupport.read;
import static io.tensorpool.job.JobTestSupport.run;
import static io.tensorpool.job.JobTestSupport.yaml;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tensorpool.SparkLineTest;
import io.tensorpool.job.ImageFileListing.ImageFile;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.IntStream;
import javax.imageio.ImageIO;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code input.format: image_files} lists the folder itself: links to folders are never followed
 * (a loop, a link elsewhere in the tree, a link out of it), links to files are read under their
 * own name, broken links and hidden names are left out.
 */
@SparkLineTest
class ImageFileListingTest {
    @TempDir
    Path temp;

    private static void png(Path file) throws IOException {
        Files.createDirectories(file.getParent());
        ImageIO.write(new BufferedImage(4, 4, BufferedImage.TYPE_3BYTE_BGR), "png", file.toFile());
    }

    private List<String> listed(Path input) throws IOException {
        return ImageFileListing.list(new Configuration(), input.toString()).stream()
                .map(f -> temp.relativize(Path.of(f.uri())).toString()).toList();
    }

    private RunReport runOn(Path input) {
        return run(yaml("""
                input: {path: %s, format: image_files}
                ops: [{op: max_pool2d, kernel_size: 2}]
                output: {path: unused}
                """.formatted(input), temp.resolve("out")));
    }

    @Test
    void aLinkBackToItsFolderAddsNoRecord() throws IOException {
        Path images = temp.resolve("images");
        png(images.resolve("one.png"));
        Files.createSymbolicLink(images.resolve("loop"), Path.of("."));

        RunReport report = runOn(images);

        assertEquals(1, report.recordsIn());
        assertEquals(1, report.recordsOut());
        List<String> paths = read(temp.resolve("out"), "path").stream().map(r -> r.<String>getAs("path")).toList();
        assertEquals(List.of("file:" + images.resolve("one.png")), paths);
    }

    @Test
    void linksToFoldersAreNotFollowedWhereverTheyPoint() throws IOException {
        Path images = temp.resolve("images");
        png(images.resolve("a.png"));
        png(images.resolve("sub/b.png"));
        png(temp.resolve("elsewhere/c.png"));
        Files.createSymbolicLink(images.resolve("outside"), temp.resolve("elsewhere"));
        Files.createSymbolicLink(images.resolve("sub-again"), images.resolve("sub"));
        Files.createSymbolicLink(images.resolve("sub/up"), Path.of(".."));
        Files.createSymbolicLink(images.resolve("root"), Path.of("/"));

        assertEquals(List.of("images/a.png", "images/sub/b.png"), listed(images));
    }

    @Test
    void linksToFilesAreReadUnderTheirOwnNameAndBrokenOnesLeftOut() throws IOException {
        Path images = temp.resolve("images");
        png(images.resolve("a.png"));
        png(temp.resolve("elsewhere/c.png"));
        Files.createSymbolicLink(images.resolve("again.png"), Path.of("a.png"));
        Files.createSymbolicLink(images.resolve("c-link.png"), temp.resolve("elsewhere/c.png"));
        Files.createSymbolicLink(images.resolve("gone.png"), temp.resolve("nothing-here.png"));

        assertEquals(List.of("images/a.png", "images/again.png", "images/c-link.png"), listed(images));
        List<ImageFile> files = ImageFileListing.list(new Configuration(), images.toString());
        assertEquals(Files.size(temp.resolve("elsewhere/c.png")), files.get(2).length(), "the size of the file named");
    }

    @Test
    void hiddenNamesAndOtherFilesAreLeftOutAsSparkLeavesThem() throws IOException {
        Path images = temp.resolve("images");
        png(images.resolve("a.png"));
        png(images.resolve("B.JPEG"));
        png(images.resolve(".hidden.png"));
        png(images.resolve("_tmp/x.png"));
        png(images.resolve(".cache/y.png"));
        png(images.resolve("z.png._COPYING_"));
        Files.writeString(images.resolve("notes.txt"), "not an image");

        assertEquals(List.of("images/B.JPEG", "images/a.png"), listed(images));
    }

    @Test
    void theInputPathMayBeALinkAFileOrAGlob() throws IOException {
        Path images = temp.resolve("images");
        png(images.resolve("a/one.png"));
        png(images.resolve("b/two.png"));
        Path link = Files.createSymbolicLink(temp.resolve("current"), images);

        assertEquals(List.of("current/a/one.png", "current/b/two.png"), listed(link));
        assertEquals(List.of("images/b/two.png"), listed(images.resolve("b/two.png")));
        assertEquals(List.of("images/a/one.png", "images/b/two.png"), listed(images.resolve("*")));
        PreconditionException missing = assertThrows(PreconditionException.class,
                () -> listed(temp.resolve("nowhere")));
        assertEquals("Cannot read input " + temp.resolve("nowhere") + ": the path does not exist; check input.path"
                + " (or --input)", missing.getMessage());
    }

    @Test
    void aFileGoneBeforeItIsReadFailsTheRunNamingIt() throws IOException {
        Path images = temp.resolve("images");
        png(images.resolve("a.png"));
        png(images.resolve("b.png"));
        List<ImageFile> files = ImageFileListing.list(new Configuration(), images.toString());
        Files.delete(images.resolve("b.png"));
        Exception e = assertThrows(Exception.class,
                () -> ImageFileReads.read(JobTestSupport.spark(), files, "image").collectAsList());
        String message = Failures.describe(e);
        assertTrue(message.startsWith("IllegalStateException: Cannot read image file file:" + images.resolve("b.png")
                + ": java.io.FileNotFoundException"), message);
    }

    @Test
    void filesAreSharedOutAsSparkSplitsItsFileSources() {
        long mib = 1L << 20;
        // 100 empty files count 4 MiB each: 400 MiB in all.
        List<ImageFile> small = IntStream.range(0, 100)
                .mapToObj(i -> new ImageFile(URI.create("file:/f" + i + ".png"), 0, 0)).toList();
        assertEquals(4, ImageFileReads.tasks(small, 128 * mib, 4 * mib, 2), "at most 128 MiB a task");
        assertEquals(8, ImageFileReads.tasks(small, 128 * mib, 4 * mib, 8), "a task per core");
        assertEquals(100, ImageFileReads.tasks(small, 128 * mib, 4 * mib, 1000), "at most a task per file");
        List<ImageFile> large = IntStream.range(0, 10)
                .mapToObj(i -> new ImageFile(URI.create("file:/f" + i + ".png"), 100 * mib, 0)).toList();
        assertEquals(9, ImageFileReads.tasks(large, 128 * mib, 4 * mib, 2), "1040 MiB in tasks of 128 MiB");
        assertEquals(1, ImageFileReads.tasks(large.subList(0, 1), 128 * mib, 4 * mib, 8), "one file, one task");
    }
}
