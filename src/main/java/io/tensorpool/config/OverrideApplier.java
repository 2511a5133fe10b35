package io.tensorpool.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Applies {@link ConfigOverrides} to a config tree in place and remembers which keys they wrote,
 * so that a message about such a key names the flag rather than a line of the file.
 */
final class OverrideApplier {

    private record Written(KeyPath path, String label) {
    }

    private final List<Written> written = new ArrayList<>();

    /**
     * Applies every change in order.
     *
     * @throws ConfigProblem when a change goes through a value that is not a mapping or a list,
     *     or names a list index that does not exist
     */
    void apply(ObjectNode root, ConfigOverrides overrides) {
        for (ConfigOverrides.Change change : overrides.changes()) {
            apply(root, change);
        }
    }

    /** The override that wrote {@code path} or a mapping above it (the last, if several did). */
    Optional<String> origin(KeyPath path) {
        for (int i = written.size() - 1; i >= 0; i--) {
            if (path.startsWith(written.get(i).path())) {
                return Optional.of(written.get(i).label());
            }
        }
        return Optional.empty();
    }

    private void apply(ObjectNode root, ConfigOverrides.Change change) {
        List<Object> segments = change.path().segments();
        JsonNode container = root;
        KeyPath at = KeyPath.ROOT;
        for (int i = 0; i < segments.size(); i++) {
            Object segment = segments.get(i);
            boolean last = i == segments.size() - 1;
            if (segment instanceof String key) {
                if (!container.isObject()) {
                    throw notA("a mapping", at, container, "key " + key, change);
                }
                ObjectNode mapping = (ObjectNode) container;
                KeyPath next = at.key(key);
                if (last) {
                    mapping.set(key, change.value().deepCopy());
                } else {
                    JsonNode child = mapping.get(key);
                    if (child == null || child.isNull()) {
                        if (segments.get(i + 1) instanceof Integer) {
                            throw new ConfigProblem(next, "is not in the config, so " + change.flag()
                                    + " cannot set an entry of it; set the whole list instead, e.g. --set '"
                                    + next + "=[...]'", "from " + change.label(), null);
                        }
                        child = mapping.putObject(key);
                        written.add(new Written(next, change.label()));
                    }
                    container = child;
                }
                at = next;
            } else {
                int index = (Integer) segment;
                if (!container.isArray()) {
                    throw notA("a list", at, container, "entry [" + index + "]", change);
                }
                ArrayNode list = (ArrayNode) container;
                KeyPath next = at.index(index);
                if (index >= list.size()) {
                    throw new ConfigProblem(next, "does not exist: " + at + " has " + list.size()
                            + (list.size() == 1 ? " entry" : " entries") + "; to add one, set the whole list,"
                            + " e.g. --set '" + at + "=[...]'", "from " + change.label(), null);
                }
                if (last) {
                    list.set(index, change.value().deepCopy());
                } else {
                    container = list.get(index);
                }
                at = next;
            }
        }
        written.add(new Written(change.path(), change.label()));
    }

    private static ConfigProblem notA(String what, KeyPath at, JsonNode container, String wanted,
                                      ConfigOverrides.Change change) {
        return new ConfigProblem(at, "is " + Values.show(container) + ", not " + what + ", so it has no "
                + wanted, "from " + change.label(), null);
    }
}
