package io.tensorpool.job;

import static io.tensorpool.job.JobTestSupport.read;
import static io.tensorpool.job.JobTestSupport.run;
import static io.tensorpool.job.JobTestSupport.spark;
import static io.tensorpool.job.JobTestSupport.yaml;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tensorpool.SparkLineTest;
import io.tensorpool.config.ConfigException;
import io.tensorpool.tensor.DecodeLimit;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import javax.imageio.ImageIO;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code spark.tensorpool.maxDecodedImageBytes}: the formula of {@code auto}, sizes, bad values, and its way to the decoder. */
@SparkLineTest
class ImageMemoryBudgetTest {
    private static final long MIB = 1L << 20;

    @TempDir
    Path temp;

    @AfterEach
    void unset() {
        spark().conf().unset(ImageMemoryBudget.KEY);
    }

    @Test
    void autoIsHalfOfWhatEachTaskHasBesideSparksReservedMemory() {
        assertEquals(362 * MIB, ImageMemoryBudget.affordable(1024 * MIB, 1));
        assertEquals((8192 - 300) * MIB / 4 / 2, ImageMemoryBudget.affordable(8192 * MIB, 4), "986.5 MiB");
        assertEquals(1, ImageMemoryBudget.affordable(200 * MIB, 2), "at least a byte, whatever the heap");
    }

    @Test
    void concurrentTasksAreTheExecutorsCoresOverTaskCpus() {
        assertEquals(1, tasks("local"));
        assertEquals(3, tasks("local[3]"));
        assertEquals(16, tasks("local[*]"));
        assertEquals(2, tasks("local[2, 4]"));
        assertEquals(5, tasks("local-cluster[2, 5, 1024]"));
        assertEquals(16, tasks("spark://host:7077"), "a standalone executor gets all its worker's cores");
        assertEquals(4, tasks("yarn", "spark.executor.cores", "4"));
        assertEquals(2, tasks("spark://host:7077", "spark.executor.cores", "4", "spark.task.cpus", "2"));
        assertEquals(1, tasks("local[2]", "spark.task.cpus", "4"), "never below one");
    }

    private static int tasks(String master, String... settings) {
        SparkConf conf = new SparkConf(false).set("spark.master", master);
        for (int i = 0; i < settings.length; i += 2) {
            conf.set(settings[i], settings[i + 1]);
        }
        return ImageMemoryBudget.concurrentTasks(conf, 16);
    }

    @Test
    void aSizeReplacesAutoAndABadValueIsAConfigError() {
        assertEquals(new ImageMemoryBudget(0, "auto"), ImageMemoryBudget.fromConf(spark().conf()));
        spark().conf().set(ImageMemoryBudget.KEY, "512m");
        DecodeLimit limit = ImageMemoryBudget.fromConf(spark().conf()).limit();
        assertEquals(512 * MIB, limit.bytes());
        assertEquals("spark.tensorpool.maxDecodedImageBytes=512m; raise it, with executor memory to match", limit.source());
        for (String bad : new String[] {"lots", "0", "-5m", "1.5g"}) {
            spark().conf().set(ImageMemoryBudget.KEY, bad);
            ConfigException e = assertThrows(ConfigException.class, () -> ImageMemoryBudget.fromConf(spark().conf()));
            assertEquals("Cannot use spark.tensorpool.maxDecodedImageBytes=" + bad + ": it is neither auto nor a size"
                    + " of at least 1 byte. Set it to auto (the default) or a size such as 512m or 2g.", e.getMessage());
            assertEquals(2, e.exitCode());
        }
    }

    @Test
    void autoIsWorkedOutFromThisJvmsHeap() {
        DecodeLimit limit = new ImageMemoryBudget(0, "auto").limit();
        long heap = Runtime.getRuntime().maxMemory();
        assertTrue(limit.bytes() < heap / 2 && limit.bytes() > 0, limit.toString());
        assertTrue(limit.source().startsWith("spark.tensorpool.maxDecodedImageBytes=auto: (max heap "
                + (heap >> 20) + " MiB - 300 MiB) / "), limit.source());
    }

    /** The session's setting reaches the decoder on the executors: an image above it is a bad record naming it. */
    @Test
    void theSettingReachesTheDecoder() throws IOException {
        Path folder = Files.createDirectories(temp.resolve("images"));
        ImageIO.write(new BufferedImage(100, 100, BufferedImage.TYPE_3BYTE_BGR), "png", folder.resolve("big.png").toFile());
        ImageIO.write(new BufferedImage(20, 20, BufferedImage.TYPE_3BYTE_BGR), "png", folder.resolve("small.png").toFile());
        spark().conf().set(ImageMemoryBudget.KEY, "20k");
        Path quarantine = temp.resolve("rejected");
        RunReport report = run(yaml("""
                input: {path: %s, format: image_files}
                ops: [{op: max_pool2d, kernel_size: 2}]
                output: {path: unused}
                errors: {on_bad_record: quarantine, quarantine_path: %s, max_bad_fraction: 0.5}
                """.formatted(folder, quarantine), temp.resolve("out")));
        assertEquals(Map.of("image_too_large", 1L), report.badRecords());
        Row rejected = read(quarantine, "path").get(0);
        String message = rejected.getAs(QuarantineFiles.MESSAGE_COLUMN);
        assertTrue(message.endsWith("the PNG is 100 x 100 pixels with 3 channels; decoding it takes 60000 bytes (30000"
                + " for the decoder's raster, 30000 for the tensor), more than the 20480 bytes one image may take"
                + " (spark.tensorpool.maxDecodedImageBytes=20k; raise it, with executor memory to match)"), message);
    }
}
