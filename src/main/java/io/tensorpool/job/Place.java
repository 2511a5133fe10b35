package io.tensorpool.job;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.apache.hadoop.fs.GlobPattern;

/**
 * A place on a file system as the job compares places: the file system (scheme and authority)
 * and the path's components, after qualification, normalisation and symlink resolution (see
 * {@link Places}). Two places are compared component by component, so {@code /data/a} is not
 * inside {@code /data/ab}; places on file systems with different schemes or authorities never
 * overlap. The components of an input glob may be Hadoop glob patterns, which then stand for
 * every name they match.
 */
final class Place {

    /** How a written place stands to another. */
    enum Relation {
        APART, SAME, INSIDE, CONTAINS
    }

    private final String fileSystem;
    private final List<String> components;
    /** Per component: its pattern when it is a glob, otherwise {@code null}. */
    private final List<GlobPattern> patterns;

    private Place(String fileSystem, List<String> components, List<GlobPattern> patterns) {
        this.fileSystem = fileSystem;
        this.components = List.copyOf(components);
        this.patterns = patterns;
    }

    /**
     * @param scheme     the file system's scheme, e.g. {@code file} or {@code hdfs}
     * @param authority  its authority ({@code namenode:8020}), or {@code null}
     * @param path       the absolute, normalised path on it, e.g. {@code /data/in}
     * @param glob       whether the path's components are Hadoop glob patterns
     */
    static Place of(String scheme, String authority, String path, boolean glob) {
        List<String> components = new ArrayList<>();
        List<GlobPattern> patterns = new ArrayList<>();
        for (String component : path.split("/")) {
            if (!component.isEmpty()) {
                components.add(component);
                patterns.add(glob ? wildcard(component) : null);
            }
        }
        String fileSystem = scheme.toLowerCase(Locale.ROOT) + "://"
                + (authority == null ? "" : authority.toLowerCase(Locale.ROOT));
        return new Place(fileSystem, components, patterns);
    }

    /**
     * The glob pattern a path component is, or {@code null} when it has no wildcard or is not a
     * valid pattern (Spark will then refuse the input itself).
     */
    static GlobPattern wildcard(String component) {
        try {
            GlobPattern pattern = new GlobPattern(component);
            return pattern.hasWildcard() ? pattern : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** True when some component is a pattern. */
    boolean isGlob() {
        return patterns.stream().anyMatch(Objects::nonNull);
    }

    /**
     * How this place stands to {@code other}: the same place, inside it, containing it, or apart.
     * When {@code other} is a glob, "the same" means one of its matches, "inside" inside one of
     * them, and "contains" that this place may hold matches.
     */
    Relation relationTo(Place other) {
        if (!fileSystem.equals(other.fileSystem)) {
            return Relation.APART;
        }
        int common = Math.min(components.size(), other.components.size());
        for (int i = 0; i < common; i++) {
            if (!other.matches(i, components.get(i))) {
                return Relation.APART;
            }
        }
        if (components.size() == other.components.size()) {
            return Relation.SAME;
        }
        return components.size() > other.components.size() ? Relation.INSIDE : Relation.CONTAINS;
    }

    private boolean matches(int index, String name) {
        GlobPattern pattern = patterns.get(index);
        return pattern == null ? components.get(index).equals(name) : pattern.matches(name);
    }

    /** The place as a URI, e.g. {@code file:///data/in} or {@code hdfs://nn:8020/data/in}. */
    @Override
    public String toString() {
        return fileSystem + "/" + String.join("/", components);
    }
}
