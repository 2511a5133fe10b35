package io.tensorpool.job;

import java.io.IOException;
import java.io.Serializable;
import java.net.URI;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Paths;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.GlobFilter;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lists the PNG and JPEG files of an {@code input.format: image_files} input, on the driver,
 * without following symbolic links to folders.
 *
 * <p>Why the job lists them itself: Spark's file listing follows every link to a folder, so a
 * link back into the tree ({@code loop -> .}) lists the same images again at every depth until
 * the operating system refuses the path (one image became 41 records), and a link out of the tree
 * lists whatever it points at, the whole disk for {@code -> /}.
 *
 * <p>The rules:
 * <ul>
 *   <li>{@code input.path} may be a file, a folder, a link to either, or a glob; each folder it
 *       names is walked, the files below it are taken whose names match {@value #IMAGE_GLOB};</li>
 *   <li>below that, a symbolic link to a folder is never followed, wherever it points (back into
 *       the tree, elsewhere in it, or out of it); the job logs how many it left out;</li>
 *   <li>a symbolic link to a file is read, as the file it names, under the link's own name and
 *       path: a folder of links to images kept elsewhere is a common way to make a dataset split,
 *       and a file link cannot multiply records the way a folder link can; a broken link is left
 *       out and logged;</li>
 *   <li>a folder reached twice (a bind mount of its parent) is walked once;</li>
 *   <li>names starting with {@code .} or {@code _}, and ending with {@code ._COPYING_}, are left
 *       out, files and folders alike, as Spark's own listing leaves them out.</li>
 * </ul>
 * Links exist on the local file system ({@code file:} paths), which is walked with
 * {@code java.nio} so that they are seen as links. Other file systems are listed with Hadoop's
 * recursive {@code listFiles}, which does not follow HDFS's (rarely enabled) symbolic links;
 * object stores have none.
 */
final class ImageFileListing {
    private static final Logger LOG = LoggerFactory.getLogger(ImageFileListing.class);
    /** The file names read as images. */
    static final String IMAGE_GLOB = "*.{png,PNG,jpg,JPG,jpeg,JPEG}";
    /** How many left-out links a log line names before it just counts them. */
    private static final int NAMED = 5;

    /**
     * One image file: where it is, and its size in bytes and modification time (milliseconds since
     * the epoch) when listed, which is how an incremental run knows it.
     */
    record ImageFile(URI uri, long length, long modified) implements Serializable {
        /** The path as Spark's own sources show it, e.g. {@code file:/data/a b.png}. */
        String path() {
            return new Path(uri).toString();
        }
    }

    private final GlobFilter images;
    private final List<ImageFile> files = new ArrayList<>();
    private final List<String> folderLinks = new ArrayList<>();
    private final List<String> brokenLinks = new ArrayList<>();

    private ImageFileListing() throws IOException {
        this.images = new GlobFilter(IMAGE_GLOB);
    }

    /**
     * The image files of {@code inputPath}, sorted by path.
     *
     * @throws PreconditionException when the path does not exist
     * @throws IOException when a folder cannot be listed
     */
    static List<ImageFile> list(Configuration hadoop, String inputPath) throws IOException {
        Path pattern = new Path(inputPath);
        FileSystem fs = pattern.getFileSystem(hadoop);
        FileStatus[] roots = fs.globStatus(pattern);
        if (roots == null || roots.length == 0) {
            throw JobErrors.inputNotFound(inputPath, null);
        }
        ImageFileListing listing = new ImageFileListing();
        boolean local = "file".equals(fs.getScheme());
        for (FileStatus root : roots) {
            if (local) {
                listing.walkLocal(Paths.get(root.getPath().toUri()));
            } else {
                listing.listRemote(fs, root);
            }
        }
        listing.logLeftOut(inputPath);
        listing.files.sort(Comparator.comparing(ImageFile::uri));
        return listing.files;
    }

    /** Walks a local folder (or takes a local file) without following links to folders below it. */
    private void walkLocal(java.nio.file.Path root) throws IOException {
        BasicFileAttributes top = Files.readAttributes(root, BasicFileAttributes.class); // follows: the user named it
        if (!top.isDirectory()) {
            take(root, top);
            return;
        }
        Set<Object> walked = new HashSet<>();
        walked.add(top.fileKey());
        Deque<java.nio.file.Path> folders = new ArrayDeque<>();
        folders.push(root);
        while (!folders.isEmpty()) {
            try (DirectoryStream<java.nio.file.Path> entries = Files.newDirectoryStream(folders.pop())) {
                for (java.nio.file.Path entry : entries) {
                    if (hidden(entry.getFileName().toString())) {
                        continue;
                    }
                    BasicFileAttributes own = Files.readAttributes(entry, BasicFileAttributes.class,
                            LinkOption.NOFOLLOW_LINKS);
                    if (own.isSymbolicLink()) {
                        takeLinked(entry);
                    } else if (own.isDirectory()) {
                        if (own.fileKey() == null || walked.add(own.fileKey())) {
                            folders.push(entry);
                        }
                    } else {
                        take(entry, own);
                    }
                }
            }
        }
    }

    /** A link below the root: a file it names is taken, a folder is not followed. */
    private void takeLinked(java.nio.file.Path link) {
        BasicFileAttributes target;
        try {
            target = Files.readAttributes(link, BasicFileAttributes.class);
        } catch (IOException e) {
            if (images.accept(new Path(link.getFileName().toString()))) {
                brokenLinks.add(link.toString());
            }
            return;
        }
        if (target.isDirectory()) {
            folderLinks.add(link.toString());
        } else {
            take(link, target);
        }
    }

    private void take(java.nio.file.Path file, BasicFileAttributes attributes) {
        if (attributes.isRegularFile() && images.accept(new Path(file.getFileName().toString()))) {
            files.add(new ImageFile(file.toUri(), attributes.size(), attributes.lastModifiedTime().toMillis()));
        }
    }

    private void listRemote(FileSystem fs, FileStatus root) throws IOException {
        if (!root.isDirectory()) {
            if (root.isFile() && images.accept(root.getPath())) {
                files.add(new ImageFile(root.getPath().toUri(), root.getLen(), root.getModificationTime()));
            }
            return;
        }
        String rootPath = root.getPath().toUri().getPath();
        RemoteIterator<LocatedFileStatus> entries = fs.listFiles(root.getPath(), true);
        while (entries.hasNext()) {
            LocatedFileStatus file = entries.next();
            String below = file.getPath().toUri().getPath().substring(rootPath.length());
            if (file.isFile() && images.accept(file.getPath()) && !hiddenBelowRoot(below)) {
                files.add(new ImageFile(file.getPath().toUri(), file.getLen(), file.getModificationTime()));
            }
        }
    }

    private static boolean hiddenBelowRoot(String relative) {
        for (String name : relative.split("/")) {
            if (!name.isEmpty() && hidden(name)) {
                return true;
            }
        }
        return false;
    }

    /** Spark's rule for files and folders its listing leaves out (staging, checksums, markers). */
    private static boolean hidden(String name) {
        return name.startsWith(".") || name.startsWith("_") || name.endsWith("._COPYING_");
    }

    private void logLeftOut(String inputPath) {
        if (!folderLinks.isEmpty()) {
            LOG.warn("Not following {} symbolic link(s) to folders below {}: {}; link the image files themselves,"
                    + " or give the folder as input.path", folderLinks.size(), inputPath, named(folderLinks));
        }
        if (!brokenLinks.isEmpty()) {
            LOG.warn("Leaving out {} broken symbolic link(s) below {}: {}", brokenLinks.size(), inputPath,
                    named(brokenLinks));
        }
    }

    private static String named(List<String> paths) {
        List<String> sorted = paths.stream().sorted().toList();
        return sorted.size() <= NAMED ? String.join(", ", sorted)
                : String.join(", ", sorted.subList(0, NAMED)) + " and " + (sorted.size() - NAMED) + " more";
    }
}
