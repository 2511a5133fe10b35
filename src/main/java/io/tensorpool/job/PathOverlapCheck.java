package io.tensorpool.job;

import io.tensorpool.config.ConfigException;
import io.tensorpool.config.JobConfig;
import io.tensorpool.config.PathOverlap;
import io.tensorpool.config.PathOverlap.Location;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;

/**
 * Refuses a config whose output or quarantine path is, lies inside or contains the input or
 * each other on the file system, however each is spelled: relative or absolute, with {@code ./}
 * or {@code ..}, a trailing slash, a {@code file:} URI, through a symlink (see {@link Places}).
 * An input glob counts as every path it matches, including paths that do not exist yet. The
 * config's own check ({@link PathOverlap}) compares the paths as written; this one runs before
 * Spark starts and again when a job starts, so that no spelling lets a run replace its input.
 *
 * <p>Every refusal is a {@link ConfigException} (exit 2), e.g. {@code Cannot write output.path
 * ./in: it is the same place as input.path in (file:///data/in); write to another folder}.
 */
final class PathOverlapCheck {

    private PathOverlapCheck() {
    }

    /**
     * @throws ConfigException when two paths overlap, or a path's scheme has no file system
     */
    static void check(JobConfig config, Configuration hadoop) {
        try (Places places = new Places(hadoop)) {
            Map<Location, List<Place>> resolved = new EnumMap<>(Location.class);
            for (Location location : Location.values()) {
                String path = location.in(config);
                if (path != null) {
                    resolved.put(location, location == Location.INPUT
                            ? places.input(location.key(), path)
                            : List.of(places.written(location.key(), path)));
                }
            }
            for (PathOverlap pair : PathOverlap.values()) {
                if (resolved.containsKey(pair.written()) && resolved.containsKey(pair.other())) {
                    Place written = resolved.get(pair.written()).get(0);
                    for (Place other : resolved.get(pair.other())) {
                        apart(pair, config, written, other);
                    }
                }
            }
        }
    }

    private static void apart(PathOverlap pair, JobConfig config, Place written, Place other) {
        Place.Relation relation = written.relationTo(other);
        if (relation == Place.Relation.APART) {
            return;
        }
        String otherNamed = pair.other().key() + " " + pair.other().in(config);
        String how;
        if (other.isGlob()) {
            switch (relation) {
                case SAME:
                    how = "it is matched by " + otherNamed + " (" + other + " matches " + written + "); "
                            + PathOverlap.SAME_FIX;
                    break;
                case INSIDE:
                    how = "it is inside what " + otherNamed + " matches (" + written + " is inside a match of "
                            + other + "); " + pair.insideWhy();
                    break;
                default:
                    how = "it may contain what " + otherNamed + " matches (" + written + " may hold matches of "
                            + other + "); " + pair.containsWhy();
                    break;
            }
        } else {
            switch (relation) {
                case SAME:
                    how = "it is the same place as " + otherNamed + " (" + written + "); " + PathOverlap.SAME_FIX;
                    break;
                case INSIDE:
                    how = "it is inside " + otherNamed + " (" + written + " is inside " + other + "); "
                            + pair.insideWhy();
                    break;
                default:
                    how = "it contains " + otherNamed + " (" + written + " contains " + other + "); "
                            + pair.containsWhy();
                    break;
            }
        }
        throw new ConfigException("Cannot write " + pair.written().key() + " " + pair.written().in(config) + ": "
                + how);
    }
}
