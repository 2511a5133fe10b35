package io.tensorpool.config;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Objects;
import java.util.function.BiConsumer;

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

    /** The largest config file read: generous for YAML, and a bound on what a wrong path can cost. */
    static final int MAX_BYTES = 1024 * 1024;
    private static final String MAX_SIZE = (MAX_BYTES >> 20) + " MiB";

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
        Objects.requireNonNull(overrides, "overrides");
        return bind(yaml, source, (root, applier) -> applier.apply(root, overrides));
    }

    /** The paths a config for pooling a dataset stands in for what it does not read or write. */
    public static final String DATASET_INPUT = "(dataset)";
    public static final String DATASET_OUTPUT = "(pooled dataset)";
    public static final String DATASET_REJECTED = "(rejected rows)";

    /**
     * Loads the pooling part of a config from YAML text, for pooling a dataset the caller already
     * has: {@code input.tensor}, {@code ops}, {@code output} ({@code layout}, {@code dtype}) and
     * {@code errors}. Paths are not needed and any given are replaced: {@code input.path},
     * {@code output.path} and, under {@code on_bad_record: quarantine}, {@code errors.quarantine_path}
     * are {@link #DATASET_INPUT}, {@link #DATASET_OUTPUT} and {@link #DATASET_REJECTED}, which
     * messages name; every other rule is the job's.
     *
     * @param source how messages name the config
     * @throws ConfigException if the config is invalid
     */
    public static JobConfig poolingFromYaml(String yaml, String source) {
        return bind(yaml, source, (root, applier) -> standInPaths(root));
    }

    /** Reads, prepares and binds {@code yaml}; every problem becomes one {@link ConfigException}. */
    private static JobConfig bind(String yaml, String source, BiConsumer<ObjectNode, OverrideApplier> prepare) {
        Objects.requireNonNull(yaml, "yaml");
        YamlDocument document = null;
        OverrideApplier applier = new OverrideApplier();
        try {
            document = YamlTreeReader.read(yaml);
            ObjectNode root = JobConfigBinder.requireMapping(document.root());
            prepare.accept(root, applier);
            return JobConfigBinder.bind(root);
        } catch (ConfigProblem problem) {
            throw new ConfigException(message(source, problem, document, applier), problem);
        }
    }

    private static void standInPaths(ObjectNode root) {
        if (root.get(ConfigKeys.OUTPUT.key()) == null) {
            root.putObject(ConfigKeys.OUTPUT.key());
        }
        standIn(root, ConfigKeys.INPUT, ConfigKeys.INPUT_PATH, DATASET_INPUT);
        standIn(root, ConfigKeys.OUTPUT, ConfigKeys.OUTPUT_PATH, DATASET_OUTPUT);
        if (root.get(ConfigKeys.ERRORS.key()) instanceof ObjectNode errors
                && BadRecordPolicy.QUARANTINE.configName().equals(errors.path(ConfigKeys.ON_BAD_RECORD.name()).asText())) {
            standIn(root, ConfigKeys.ERRORS, ConfigKeys.QUARANTINE_PATH, DATASET_REJECTED);
        }
    }

    /** Sets {@code key} in {@code section} to {@code value} when the section is a mapping. */
    private static void standIn(ObjectNode root, ConfigSection section, ConfigKey<String> key, String value) {
        if (root.get(section.key()) instanceof ObjectNode node) {
            node.put(key.name(), value);
        }
    }

    private static String read(Path file) {
        String name = file.toString();
        if (Files.isDirectory(file)) {
            throw failure(name, "it is a folder, not a file; point --config at the YAML file", null);
        }
        try (InputStream in = Files.newInputStream(file)) {
            // Read through a bound, not by the size the file claims: /dev/zero and FIFOs claim 0.
            byte[] bytes = in.readNBytes(MAX_BYTES + 1);
            if (bytes.length > MAX_BYTES) {
                throw failure(name, "it is larger than " + MAX_SIZE + ", and a job config is a short YAML file;"
                        + " check the --config path", null);
            }
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
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
