package io.tensorpool.job;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * The record of one publication in progress: which staged folders go where and how. It is
 * written beside the output, as {@code .<name>.tensorpool-publish.json}, before the first
 * rename of a publication and deleted after its last, so that a run killed in between leaves
 * what the next run (or {@code tensorpool recover}) needs to finish the publication.
 *
 * <p>Its name is fixed per output, and it is created only if absent, so it is also the
 * output's publish lock: while it exists no other run moves anything into that output. The
 * journal is written whole before any step of the publication is taken: a journal that cannot be
 * read was cut short by a kill while it was written, and nothing was moved under it.
 *
 * <p>Create-if-absent is {@link ExclusiveCreate}.
 *
 * @param run   the id of the run publishing
 * @param owner the process publishing, to tell a live publication from one whose run was killed
 * @param moves the folders to put in place, in order; the output's comes last
 */
record PublishJournal(String run, Owner owner, List<Move> moves) {
    static final String MARK = ".tensorpool-publish.json";
    private static final ObjectMapper JSON = new ObjectMapper();

    PublishJournal {
        moves = List.copyOf(moves);
    }

    /** Where the journal of {@code target}'s publications lives: a hidden file beside it. */
    static Path pathFor(Path target) {
        return new Path(target.getParent(), "." + target.getName() + MARK);
    }

    /**
     * Creates the journal at {@code path} unless a file is there already.
     *
     * @return false when a journal exists: another publication holds the output
     */
    boolean createAt(FileSystem fs, Path path) throws IOException {
        return ExclusiveCreate.create(fs, path, toJson().getBytes(StandardCharsets.UTF_8));
    }

    /**
     * The journal at {@code path}: empty when there is none; a journal whose text is not a
     * whole journal reads as {@link #INCOMPLETE}.
     */
    static Optional<PublishJournal> read(FileSystem fs, Path path) throws IOException {
        byte[] bytes;
        try (FSDataInputStream in = fs.open(path)) {
            bytes = in.readAllBytes();
        } catch (java.io.FileNotFoundException e) {
            return Optional.empty();
        }
        try {
            return Optional.of(parse(new String(bytes, StandardCharsets.UTF_8)));
        } catch (IOException | RuntimeException e) {
            return Optional.of(INCOMPLETE);
        }
    }

    /** Stands for a journal cut short while it was written: it names no move and no owner. */
    static final PublishJournal INCOMPLETE = new PublishJournal("(unknown)", null, List.of());

    boolean incomplete() {
        return owner == null;
    }

    String toJson() {
        ObjectNode node = JSON.createObjectNode();
        node.put("run", run);
        ObjectNode who = node.putObject("owner");
        who.put("host", owner.host());
        who.put("pid", owner.pid());
        who.put("started_at", owner.startedAt());
        ArrayNode list = node.putArray("moves");
        for (Move move : moves) {
            ObjectNode m = list.addObject();
            m.put("kind", move.kind().name().toLowerCase(Locale.ROOT));
            m.put("target", move.target());
            m.put("staging", move.staging());
            m.put("aside", move.aside());
            ArrayNode files = m.putArray("files");
            move.files().forEach(files::add);
        }
        try {
            return JSON.writeValueAsString(node) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot render the publish journal: " + e.getMessage(), e);
        }
    }

    private static PublishJournal parse(String text) throws IOException {
        JsonNode node = JSON.readTree(text);
        JsonNode who = node.get("owner");
        Owner owner = new Owner(who.get("host").asText(), who.get("pid").asLong(), who.get("started_at").asLong());
        List<Move> moves = new ArrayList<>();
        for (JsonNode m : node.get("moves")) {
            List<String> files = new ArrayList<>();
            m.get("files").forEach(f -> files.add(f.asText()));
            moves.add(new Move(Move.Kind.valueOf(m.get("kind").asText().toUpperCase(Locale.ROOT)),
                    m.get("target").asText(), m.get("staging").asText(), m.get("aside").asText(), files));
        }
        return new PublishJournal(node.get("run").asText(), owner, moves);
    }

    /**
     * The process that wrote a journal.
     *
     * @param host      the host name it ran on
     * @param pid       its process id there
     * @param startedAt when it started (epoch milliseconds), so that a reused pid is not taken for it
     */
    record Owner(String host, long pid, long startedAt) {

        static Owner current() {
            ProcessHandle self = ProcessHandle.current();
            return new Owner(hostName(), self.pid(), startOf(self));
        }

        /** Whether this process is still running: known only on the host it ran on. */
        Liveness liveness() {
            if (!host.equals(hostName())) {
                return Liveness.UNKNOWN;
            }
            Optional<ProcessHandle> process = ProcessHandle.of(pid);
            return process.isPresent() && process.get().isAlive() && startOf(process.get()) == startedAt
                    ? Liveness.ALIVE : Liveness.DEAD;
        }

        @Override
        public String toString() {
            return "process " + pid + " on " + host;
        }

        private static long startOf(ProcessHandle process) {
            return process.info().startInstant().map(Instant::toEpochMilli).orElse(-1L);
        }

        private static String hostName() {
            try {
                return InetAddress.getLocalHost().getHostName();
            } catch (IOException e) {
                return "localhost";
            }
        }
    }

    /** What is known of a journal's owner. */
    enum Liveness { ALIVE, DEAD, UNKNOWN }

    /**
     * One staged folder to put in place.
     *
     * @param kind    how
     * @param target  the folder readers use
     * @param staging the complete staged folder, its run report inside
     * @param aside   for {@link Kind#REPLACE}, where the previous output waits until the new one is in
     *                place; for {@link Kind#ADD}, where the previous run report waits inside the target
     * @param files   for {@link Kind#ADD}, the data files to move from staging into the target
     */
    record Move(Kind kind, String target, String staging, String aside, List<String> files) {

        Move {
            files = List.copyOf(files);
        }

        /** How a staged folder is put in place. */
        enum Kind {
            /** The target did not exist: the staged folder is renamed to it. */
            CREATE,
            /** {@code mode: overwrite}: the target is renamed aside, the staged folder renamed to it, the old one deleted. */
            REPLACE,
            /** {@code mode: append}: the staged data files are moved into the target one by one, then its report. */
            ADD
        }
    }
}
