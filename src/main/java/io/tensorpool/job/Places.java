package io.tensorpool.job;

import io.tensorpool.config.ConfigException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.GlobExpander;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.UnsupportedFileSystemException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a configured path into the {@link Place} it names, as Spark will read or write it: on
 * the file system its scheme (or Hadoop's default file system) selects, relative to that file
 * system's working folder, with {@code .} and {@code ..} removed (Hadoop's rule, which Spark
 * follows too), then with symlinks resolved: on the local file system by the operating system
 * ({@link java.nio.file.Path#toRealPath}) on the longest part of the path that exists, the rest
 * appended; on other file systems that have links by {@link FileSystem#resolvePath}. Object
 * stores have no links and are not asked.
 *
 * <p>File systems are opened as private instances and closed by {@link #close}: one opened
 * before Spark starts must not end up in Hadoop's shared cache with a configuration that lacks
 * Spark's settings. An unknown scheme is a {@link ConfigException} (exit 2) naming the key.
 */
final class Places implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Places.class);

    private final Configuration hadoop;
    private final List<FileSystem> opened = new ArrayList<>();

    Places(Configuration hadoop) {
        this.hadoop = hadoop;
    }

    /** The place a path the job writes names; glob characters in it are plain characters. */
    Place written(String key, String location) {
        Path path = path(key, location);
        FileSystem fs = open(key, location, path);
        return resolved(fs, qualified(fs, key, location, path), false);
    }

    /**
     * The places an input path stands for: the path itself (as patterns, if it is a glob) and,
     * for a glob on the local file system, every match with its links resolved, since a match
     * may be a link to somewhere the pattern does not name.
     */
    List<Place> input(String key, String location) {
        Path path = path(key, location);
        FileSystem fs = open(key, location, path);
        List<Place> places = new ArrayList<>();
        for (String expanded : expandBraces(location)) {
            Path pattern = qualified(fs, key, location, path(key, expanded));
            boolean glob = isGlob(pattern);
            places.add(resolved(fs, pattern, glob));
            if (glob && isLocal(fs)) {
                for (FileStatus match : globStatus(fs, pattern)) {
                    places.add(resolved(fs, match.getPath(), false));
                }
            }
        }
        return places;
    }

    @Override
    public void close() {
        for (FileSystem fs : opened) {
            try {
                fs.close();
            } catch (IOException e) {
                LOG.debug("Cannot close {}", fs.getUri(), e);
            }
        }
        opened.clear();
    }

    private static Path path(String key, String location) {
        try {
            return new Path(location);
        } catch (IllegalArgumentException e) {
            throw invalid(key, location, e);
        }
    }

    /** {@code path} made absolute on {@code fs}, with its scheme and authority. */
    private static Path qualified(FileSystem fs, String key, String location, Path path) {
        try {
            return fs.makeQualified(path);
        } catch (IllegalArgumentException e) {
            throw invalid(key, location, e); // e.g. a host in a file: URI
        }
    }

    private static ConfigException invalid(String key, String location, IllegalArgumentException e) {
        return new ConfigException("Cannot use " + key + " " + location + ": it is not a valid path ("
                + e.getMessage() + "); fix " + key, e);
    }

    private FileSystem open(String key, String location, Path path) {
        try {
            FileSystem fs = FileSystem.newInstance(path.toUri(), hadoop);
            opened.add(fs);
            return fs;
        } catch (UnsupportedFileSystemException e) {
            throw unknownScheme(key, location, path, e);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot open the file system of " + key + " " + location + ": "
                    + e.getMessage(), e);
        } catch (RuntimeException e) {
            // A scheme Hadoop knows (s3a, gs, abfs) whose implementation is not on the classpath.
            if (causedBy(e, ClassNotFoundException.class)) {
                throw unknownScheme(key, location, path, e);
            }
            throw e;
        }
    }

    private static ConfigException unknownScheme(String key, String location, Path path, Exception e) {
        String scheme = path.toUri().getScheme();
        return new ConfigException("Cannot use " + key + " " + location + ": this Spark has no file system for the"
                + " scheme " + scheme + ":. Check the spelling of " + key + ", or add the file system's jar (such as"
                + " hadoop-aws for s3a:) with spark-submit's --packages or --jars", e);
    }

    private static boolean causedBy(Throwable t, Class<? extends Throwable> type) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (type.isInstance(c)) {
                return true;
            }
        }
        return false;
    }

    /** Hadoop's first glob step: {@code {a,b/c}} may hold slashes, so it becomes two paths. */
    private static List<String> expandBraces(String location) {
        try {
            return GlobExpander.expand(location);
        } catch (IOException | IllegalArgumentException e) {
            return List.of(location);
        }
    }

    private static boolean isLocal(FileSystem fs) {
        return "file".equals(fs.getUri().getScheme());
    }

    private static boolean isGlob(Path path) {
        for (Path p = path; p != null; p = p.getParent()) {
            if (Place.wildcard(p.getName()) != null) {
                return true;
            }
        }
        return false;
    }

    /** {@code path} (qualified) with its links resolved, or as it is where its file system cannot tell. */
    private static Place resolved(FileSystem fs, Path path, boolean glob) {
        Deque<String> rest = new ArrayDeque<>();
        Path literal = path;
        if (glob) {
            // Only the part before the first pattern names one place; the patterns follow it.
            for (Path p = path; p != null; p = p.getParent()) {
                if (Place.wildcard(p.getName()) != null) {
                    literal = p.getParent();
                }
            }
            for (Path p = path; !p.equals(literal); p = p.getParent()) {
                rest.addFirst(p.getName());
            }
        }
        URI real = isLocal(fs) ? realLocal(literal, rest) : realRemote(fs, literal, rest);
        StringBuilder full = new StringBuilder(real.getPath());
        for (String name : rest) {
            full.append('/').append(name);
        }
        return Place.of(real.getScheme(), real.getAuthority(), full.toString(), glob);
    }

    /**
     * The real path of the longest existing part of {@code path}; the names after it, which do
     * not exist and so cannot be links, are put in front of {@code rest}.
     */
    private static URI realLocal(Path path, Deque<String> rest) {
        java.nio.file.Path local = java.nio.file.Path.of(path.toUri().getPath());
        while (local.getParent() != null && !Files.exists(local)) {
            rest.addFirst(local.getFileName().toString());
            local = local.getParent();
        }
        try {
            local = local.toRealPath();
        } catch (IOException e) {
            LOG.debug("Cannot resolve the links of {}; comparing it as written", local, e);
        }
        return local.toUri();
    }

    /** As {@link #realLocal}, through the file system's own link resolution, when it has links. */
    private static URI realRemote(FileSystem fs, Path path, Deque<String> rest) {
        if (!fs.supportsSymlinks() && !"viewfs".equals(fs.getScheme())) {
            return path.toUri();
        }
        Path existing = path;
        Deque<String> missing = new ArrayDeque<>();
        try {
            while (existing.getParent() != null && !fs.exists(existing)) {
                missing.addFirst(existing.getName());
                existing = existing.getParent();
            }
            URI real = fs.resolvePath(existing).toUri();
            while (!missing.isEmpty()) {
                rest.addFirst(missing.removeLast());
            }
            return real;
        } catch (IOException e) {
            LOG.debug("Cannot resolve the links of {}; comparing it as written", path, e);
            return path.toUri();
        }
    }

    private static FileStatus[] globStatus(FileSystem fs, Path pattern) {
        try {
            FileStatus[] matches = fs.globStatus(pattern);
            return matches == null ? new FileStatus[0] : matches;
        } catch (IOException e) {
            LOG.debug("Cannot list the matches of {}", pattern, e);
            return new FileStatus[0];
        }
    }
}
