package io.tensorpool.job;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * The record, inside one batch folder of an incremental output, of the input files that batch
 * pooled: {@value #FILE_NAME}, hidden from Parquet readers by its underscore. It is written into
 * the staged batch before publication, so it appears, and disappears, with the batch's data in
 * one rename: the output and its state cannot disagree.
 *
 * @param run   the id of the run that wrote the batch
 * @param files the input files it pooled, each with the size and modification time it had then
 */
record BatchManifest(String run, List<InputFileVersion> files) {
    static final String FILE_NAME = "_tensorpool_batch.json";
    private static final ObjectMapper JSON = new ObjectMapper();

    BatchManifest {
        files = List.copyOf(files);
    }

    /** Writes the manifest into {@code folder}, replacing one there (the folder is this run's staging). */
    void writeInto(FileSystem fs, Path folder) throws IOException {
        ObjectNode node = JSON.createObjectNode();
        node.put("run", run);
        ArrayNode list = node.putArray("files");
        for (InputFileVersion file : files) {
            list.addObject().put("path", file.path()).put("size", file.size()).put("modified", file.modified());
        }
        try (OutputStream out = fs.create(new Path(folder, FILE_NAME), true)) {
            out.write((JSON.writeValueAsString(node) + "\n").getBytes(StandardCharsets.UTF_8));
        }
    }

    /**
     * The manifest of the batch folder {@code folder}.
     *
     * @throws PreconditionException when it is missing or unreadable: the folder was not made by a
     *     publication (a batch is renamed into place whole, its manifest inside)
     */
    static BatchManifest readFrom(FileSystem fs, Path folder) throws IOException {
        Path file = new Path(folder, FILE_NAME);
        byte[] bytes;
        try (FSDataInputStream in = fs.open(file)) {
            bytes = in.readAllBytes();
        } catch (java.io.FileNotFoundException e) {
            throw unreadable(folder, "it has no " + FILE_NAME);
        }
        try {
            JsonNode node = JSON.readTree(new String(bytes, StandardCharsets.UTF_8));
            List<InputFileVersion> files = new ArrayList<>();
            for (JsonNode f : node.get("files")) {
                files.add(new InputFileVersion(f.get("path").asText(), f.get("size").asLong(),
                        f.get("modified").asLong()));
            }
            return new BatchManifest(node.get("run").asText(), files);
        } catch (JsonProcessingException | RuntimeException e) {
            throw unreadable(folder, "its " + FILE_NAME + " is not a batch manifest (" + e.getMessage() + ")");
        }
    }

    private static PreconditionException unreadable(Path folder, String why) {
        return new PreconditionException("Cannot read the state of incremental output " + folder.getParent() + ": "
                + "batch folder " + folder.getName() + " was not published by tensorpool: " + why + ". Move that folder"
                + " out of the output (its input files then count as new), or restore its manifest");
    }
}
