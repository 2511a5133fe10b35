package io.tensorpool.config;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Loads the job's YAML config: reads the file, applies the command-line overrides to the YAML
 * tree, binds it to a {@link JobConfig} and checks every rule the config alone can show. Pure:
 * no Spark, no file system other than the local one for the config file itself.
 *
 * <p>Every failure is a {@link ConfigException} ({@link io.tensorpool.ExitCode#USAGE_OR_CONFIG}) with one line of the form
 * <pre>Cannot load config job.yaml: ops[1].kernel_size is 2.5; expected an int &gt;= 1 or a pair [h, w] of ints &gt;= 1 (line 12)</pre>
 * naming the key path, the value, what is expected, and where the value came from: a line of
 * the file, or the command-line flag that set it ({@code (from --set ops[1].kernel_size=2.5)}).
 */
public final class ConfigLoader {

    private ConfigLoader() {
    }

    /** Loads {@code file} as written. */
    public static JobConfig load(Path file) {
        return load(file, ConfigOverrides.none());
    }

    /** Loads the config file named on the command line, with its overrides. */
    public static JobConfig load(RunArguments arguments) {
        return load(arguments.configFile(), arguments.overrides());
    }

    /**
     * Loads {@code file} (UTF-8 YAML) with {@code overrides} applied.
     *
     * @throws ConfigException if the file cannot be read or the config is invalid
     */
    public static JobConfig load(Path file, ConfigOverrides overrides) {
        Objects.requireNonNull(file, "file");
        return fromYaml(read(file), file.toString(), overrides);
    }

    /**
     * Loads a config from YAML text, e.g. one the job read from a Hadoop file system.
     *
     * @param source how messages name the config, usually its path
     * @throws ConfigException if the config is invalid
     */
    public static JobConfig fromYaml(String yaml, String source, ConfigOverrides overrides) {
        Objects.requireNonNull(yaml, "yaml");
        Objects.requireNonNull(overrides, "overrides");
        YamlDocument document = null;
        OverrideApplier applier = new OverrideApplier();
        try {
            document = YamlTreeReader.read(yaml);
            ObjectNode root = JobConfigBinder.requireMapping(document.root());
            applier.apply(root, overrides);
            return JobConfigBinder.bind(root);
        } catch (ConfigProblem problem) {
            throw new ConfigException(message(source, problem, document, applier), problem);
        }
    }

    private static String read(Path file) {
        String name = file.toString();
        if (Files.isDirectory(file)) {
            throw failure(name, "it is a folder, not a file; point --config at the YAML file", null);
        }
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw failure(name, "no such file (looked for " + file.toAbsolutePath().normalize()
                    + "); check the --config path", e);
        } catch (AccessDeniedException e) {
            throw failure(name, "permission denied; make the file readable by the user running the job", e);
        } catch (CharacterCodingException e) {
            throw failure(name, "the file is not UTF-8 text; save it as UTF-8", e);
        } catch (IOException e) {
            throw failure(name, "the file cannot be read: " + e, e);
        }
    }

    private static ConfigException failure(String source, String why, Throwable cause) {
        return new ConfigException("Cannot load config " + source + ": " + why, cause);
    }

    /**
     * {@code Cannot load config SOURCE: KEY DETAIL (WHERE)}: WHERE is the override that wrote the
     * key if one did, else the line the key (or its nearest enclosing key) is on.
     */
    private static String message(String source, ConfigProblem problem, YamlDocument document,
                                  OverrideApplier applier) {
        KeyPath path = problem.path();
        String where = problem.where();
        if (where == null && path != null) {
            where = applier.origin(path).map(flag -> "from " + flag).orElse(null);
            if (where == null && document != null && document.lineOf(path) > 0) {
                where = "line " + document.lineOf(path);
            }
        }
        String subject = path == null || path.isRoot() ? "" : path + " ";
        String text = "Cannot load config " + source + ": " + subject + problem.detail()
                + (where == null ? "" : " (" + where + ")");
        return text.replaceAll("\\s*[\\r\\n]+\\s*", " "); // one line, whatever a kernel message held
    }
}
