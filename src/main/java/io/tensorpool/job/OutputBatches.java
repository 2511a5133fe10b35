package io.tensorpool.job;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * The state of an incremental output, read from the output itself: its batch folders,
 * {@code tensorpool_batch=000001/} and on, each with the {@link BatchManifest} of the input files
 * it pooled. The input files done are the union of the manifests of the batch folders present,
 * so deleting a batch folder makes its files new again. The folder name is a Hive-style
 * partition, so Spark, pyarrow and DuckDB read the output root as one dataset with a
 * {@value #COLUMN} column; the {@code tensorpool_} prefix keeps it clear of users' columns.
 *
 * @param output   the output folder, qualified
 * @param batches  its batch folders, by ascending id
 * @param others   the names of its other entries that readers would take for data (not hidden)
 */
record OutputBatches(Path output, List<Batch> batches, List<String> others) {
    /** The partition column the batch folders make. */
    static final String COLUMN = "tensorpool_batch";
    private static final Pattern FOLDER = Pattern.compile(Pattern.quote(COLUMN) + "=(\\d{1,9})");

    /**
     * One published batch.
     *
     * @param id       its number, from its folder's name
     * @param folder   its folder
     * @param manifest what it pooled
     */
    record Batch(int id, Path folder, BatchManifest manifest) {
    }

    /** The batches of {@code output} as they are now: none when it does not exist. */
    static OutputBatches read(FileSystem fs, Path output) throws IOException {
        FileStatus[] entries;
        try {
            entries = fs.listStatus(output);
        } catch (FileNotFoundException e) {
            return new OutputBatches(output, List.of(), List.of());
        }
        List<Batch> batches = new ArrayList<>();
        List<String> others = new ArrayList<>();
        for (FileStatus entry : entries) {
            String name = entry.getPath().getName();
            Matcher batch = FOLDER.matcher(name);
            if (entry.isDirectory() && batch.matches()) {
                batches.add(new Batch(Integer.parseInt(batch.group(1)), entry.getPath(),
                        BatchManifest.readFrom(fs, entry.getPath())));
            } else if (!name.startsWith("_") && !name.startsWith(".")) {
                others.add(name);
            }
        }
        batches.sort((a, b) -> Integer.compare(a.id(), b.id()));
        others.sort(null);
        return new OutputBatches(output, List.copyOf(batches), List.copyOf(others));
    }

    /** The folder name of batch {@code id}: fixed width, so that a listing sorts batches in order. */
    static String folderName(int id) {
        return String.format("%s=%06d", COLUMN, id);
    }

    /** The id the next batch gets: one past the highest present (ids of deleted batches at the end are reused). */
    int nextId() {
        return batches.isEmpty() ? 1 : batches.get(batches.size() - 1).id() + 1;
    }

    /** Each input file some batch pooled, by path, with the version pooled and the batch. */
    Map<String, Pooled> pooled() {
        Map<String, Pooled> pooled = new HashMap<>();
        for (Batch batch : batches) {
            for (InputFileVersion file : batch.manifest().files()) {
                pooled.put(file.path(), new Pooled(file, batch));
            }
        }
        return pooled;
    }

    /** The batch that pooled exactly this version of a file, if any. */
    Optional<Batch> batchOf(InputFileVersion file) {
        Pooled found = pooled().get(file.path());
        return found != null && found.file().equals(file) ? Optional.of(found.batch()) : Optional.empty();
    }

    /** A file some batch pooled, and which. */
    record Pooled(InputFileVersion file, Batch batch) {
    }
}
