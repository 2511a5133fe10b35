package io.tensorpool.cluster;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.tensorpool.TensorPoolException;
import io.tensorpool.config.ConfigLoader;
import io.tensorpool.config.ConfigOverrides;
import io.tensorpool.config.JobConfig;
import io.tensorpool.job.JobRunner;
import io.tensorpool.kernel.PoolResult;
import io.tensorpool.kernel.Tensor;
import java.io.IOException;
import java.io.InputStream;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.hdfs.MiniDFSCluster;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The job against HDFS: an in-process MiniDFSCluster (a NameNode and one DataNode, on
 * 127.0.0.1), input and output given as full hdfs:// URIs (the session's default file system
 * stays local), run on local[2]. What lands on HDFS must be the kernels' results and a report
 * whose sizes are those of the files on HDFS; the output-exists rules must hold there too.
 */
@Tag("cluster")
class HdfsIT {
    private static final int FILES = 4;
    private static final int RECORDS_PER_FILE = 16;
    private static final String CONFIG = """
            input:
              path: %s
              tensor: {column: x, layout: list, shape_column: shape}
            ops:
              - {op: max_pool2d, kernel_size: 3, stride: 2, padding: 1}
              - {op: avg_pool2d, kernel_size: 2, ceil_mode: true}
            output:
              path: %s
              mode: error
            """;

    private static MiniDFSCluster dfs;
    private static FileSystem fs;
    private static String root;

    @BeforeAll
    static void startHdfs() throws IOException {
        java.nio.file.Path work = ClusterTesting.freshFolder("hdfs");
        Configuration conf = new Configuration();
        conf.set(MiniDFSCluster.HDFS_MINIDFS_BASEDIR, work.resolve("dfs").toString());
        // Every server on loopback with a port the OS picks (the DataNode's are set so by the builder).
        conf.set("dfs.namenode.http-address", "127.0.0.1:0");
        conf.set("dfs.namenode.https-address", "127.0.0.1:0");
        dfs = new MiniDFSCluster.Builder(conf).numDataNodes(1).build();
        dfs.waitActive();
        fs = dfs.getFileSystem();
        root = "hdfs://127.0.0.1:" + dfs.getNameNodePort();
    }

    @AfterAll
    static void stopHdfs() {
        if (dfs != null) {
            dfs.shutdown(true);
        }
    }

    @Test
    void jobReadsAndWritesHdfsWithExactResultsAndItsReportThere() throws IOException {
        String in = root + "/data/in";
        String out = root + "/data/out";
        ItData.writeImages(in, FILES, RECORDS_PER_FILE, 3, 16, 16);
        assertEquals(List.of(), ListeningSockets.notLoopback(ProcessHandle.current().pid()),
                "this JVM (HDFS and local Spark) listens only on loopback; all: "
                        + ListeningSockets.of(ProcessHandle.current().pid()));

        JobConfig config = ConfigLoader.fromYaml(CONFIG.formatted(in, out), "hdfs.yaml", ConfigOverrides.none());
        new JobRunner(ItData.spark()).run(config);

        // The output on HDFS: the kernels' results for every input record, columns passed through.
        Map<Long, Row> inputs = new HashMap<>();
        for (Row row : ItData.spark().read().parquet(in).collectAsList()) {
            inputs.put(row.getLong(row.fieldIndex("id")), row);
        }
        List<Row> outputs = ItData.spark().read().parquet(out).collectAsList();
        assertEquals(FILES * RECORDS_PER_FILE, outputs.size());
        for (Row pooled : outputs) {
            Row original = inputs.remove(pooled.getLong(pooled.fieldIndex("id")));
            assertTrue(original != null, "one output row per input row");
            assertEquals(original.<Integer>getAs("label"), pooled.<Integer>getAs("label"));
            PoolResult expected = config.pipeline().apply(Tensor.ofFloats(floats(original), ints(original)));
            assertArrayEquals(expected.values().shape(), ints(pooled));
            float[] want = expected.values().floats();
            float[] got = floats(pooled);
            assertEquals(want.length, got.length);
            for (int i = 0; i < want.length; i++) {
                assertEquals(Float.floatToRawIntBits(want[i]), Float.floatToRawIntBits(got[i]),
                        "element " + i + " of record " + pooled.getAs("id"));
            }
        }
        assertTrue(inputs.isEmpty(), "every input row was written");

        // The report lives beside the data on HDFS and measures the files there.
        Path outPath = new Path(out);
        assertTrue(fs.exists(new Path(outPath, "_SUCCESS")), "Spark committed the output");
        assertFalse(fs.exists(new Path(outPath, "_temporary")), "no uncommitted attempt is left");
        JsonNode report;
        try (InputStream stream = fs.open(new Path(outPath, "_tensorpool.json"))) {
            report = ClusterTesting.JSON.readTree(stream);
        }
        assertEquals("succeeded", report.path("status").asText());
        assertEquals(in, report.path("input_path").asText());
        assertEquals(out, report.path("output_path").asText());
        assertEquals(FILES * RECORDS_PER_FILE, report.path("records_in").asLong());
        assertEquals(FILES * RECORDS_PER_FILE, report.path("records_out").asLong());
        assertEquals(parquetBytes(new Path(in)), report.path("bytes_in").asLong(), "bytes_in: the input files on HDFS");
        assertEquals(parquetBytes(outPath), report.path("bytes_out").asLong(), "bytes_out: the written files on HDFS");
        assertEquals(ItData.spark().sparkContext().applicationId(), report.path("application_id").asText());
        assertEquals(1, report.path("output_shapes").size());
        assertEquals(FILES * RECORDS_PER_FILE, report.path("output_shapes").path("[3, 4, 4]").asLong());

        // mode: error sees the existing output on HDFS and refuses before any work.
        TensorPoolException refused = assertThrows(TensorPoolException.class,
                () -> new JobRunner(ItData.spark()).run(config));
        assertTrue(refused.getMessage().contains("Cannot write output " + out + ": it already exists"),
                refused.getMessage());

        // mode: overwrite replaces it with the same rows.
        JobConfig again = ConfigLoader.fromYaml(CONFIG.formatted(in, out), "hdfs.yaml",
                ConfigOverrides.none().withMode("overwrite"));
        List<Row> before = ItData.spark().read().parquet(out).orderBy("id").collectAsList();
        Set<String> filesBefore = parquetFiles(outPath);
        new JobRunner(ItData.spark()).run(again);
        ItData.assertSameRows(ItData.spark().createDataFrame(before, ItData.spark().read().parquet(out).schema()),
                ItData.spark().read().parquet(out), "id");
        Set<String> filesAfter = parquetFiles(outPath);
        assertFalse(filesAfter.isEmpty());
        assertTrue(Collections.disjoint(filesBefore, filesAfter), "overwrite left none of the first run's files: "
                + filesBefore + " then " + filesAfter);
    }

    /**
     * An image folder on HDFS is listed by the job (Hadoop's recursive listing there, with the
     * hidden names Spark leaves out left out) and read file by file from HDFS.
     */
    @Test
    void imageFilesOnHdfsAreListedAndReadThere() throws IOException {
        String in = root + "/images";
        String out = root + "/images-pooled";
        long bytes = 0;
        try (var samples = java.nio.file.Files.list(java.nio.file.Path.of("sample-data/image-files"))) {
            for (java.nio.file.Path sample : samples.sorted().toList()) {
                String name = sample.getFileName().toString();
                Path target = new Path(in + (name.endsWith(".png") ? "/png/" : "/other/") + name);
                fs.copyFromLocalFile(new Path(sample.toUri()), target);
                bytes += fs.getFileStatus(target).getLen();
            }
        }
        fs.copyFromLocalFile(new Path(java.nio.file.Path.of("sample-data/image-files/waves.jpg").toUri()),
                new Path(in + "/_staging/waves.jpg"));
        String config = """
                input: {path: %s, format: image_files}
                ops: [{op: max_pool2d, kernel_size: 2}]
                output: {path: %s}
                """.formatted(in, out);
        new JobRunner(ItData.spark()).run(ConfigLoader.fromYaml(config, "images.yaml", ConfigOverrides.none()));

        List<String> paths = ItData.spark().read().parquet(out).select("path").orderBy("path").collectAsList()
                .stream().map(r -> r.getString(0)).toList();
        assertEquals(List.of(in + "/other/rings.jpeg", in + "/other/waves.jpg", in + "/png/gradient-rgb.png",
                in + "/png/noise-gray.png", in + "/png/stripes-rgba.png"), paths);
        JsonNode report;
        try (InputStream stream = fs.open(new Path(out, "_tensorpool.json"))) {
            report = ClusterTesting.JSON.readTree(stream);
        }
        assertEquals(5, report.path("records_out").asLong());
        assertEquals(bytes, report.path("bytes_in").asLong(), "bytes_in: the image files on HDFS");
    }

    private static Set<String> parquetFiles(Path folder) throws IOException {
        Set<String> names = new HashSet<>();
        for (FileStatus status : fs.listStatus(folder, p -> p.getName().endsWith(".parquet"))) {
            names.add(status.getPath().getName());
        }
        return names;
    }

    /** Total size of the Parquet files directly in a folder on HDFS. */
    private static long parquetBytes(Path folder) throws IOException {
        long total = 0;
        for (FileStatus status : fs.listStatus(folder, p -> p.getName().endsWith(".parquet"))) {
            total += status.getLen();
        }
        assertTrue(total > 0, "Parquet files in " + folder);
        return total;
    }

    private static float[] floats(Row row) {
        List<Object> values = row.getList(row.fieldIndex("x"));
        float[] out = new float[values.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = (Float) values.get(i);
        }
        return out;
    }

    private static int[] ints(Row row) {
        List<Object> values = row.getList(row.fieldIndex("shape"));
        return values.stream().mapToInt(v -> ((Number) v).intValue()).toArray();
    }
}
