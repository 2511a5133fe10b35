package io.tensorpool.job;

import io.tensorpool.config.ConfigException;
import io.tensorpool.tensor.DecodeLimit;
import java.io.Serializable;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.SparkConf;
import org.apache.spark.SparkEnv;
import org.apache.spark.network.util.JavaUtils;
import org.apache.spark.sql.RuntimeConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How much memory decoding one PNG or JPEG may take on an executor (the {@code encoded} layout
 * and {@code image_files} input): the {@link DecodeLimit} handed to the decoder, which refuses a
 * larger image from its header as a bad record ({@code image_too_large}) instead of letting it
 * run the executor out of heap.
 *
 * <p>Set by the Spark property {@value #KEY}:
 * <ul>
 *   <li>{@code auto} (the default): what one task can afford, worked out on each executor as
 *       {@code (max heap - 300 MiB) / concurrent tasks / 2}. The max heap is the executor JVM's
 *       ({@code Runtime.maxMemory()}); 300 MiB is the memory Spark reserves for itself before it
 *       shares out the rest; the concurrent tasks are the executor's cores
 *       ({@code local[N]}'s N, else {@code spark.executor.cores}, else the machine's processors)
 *       divided by {@code spark.task.cpus}, since every task may be decoding a large image at
 *       once; and one image may take half of a task's share, leaving the other half for the
 *       encoded bytes, the pooled result, its output copy and the Parquet writer's buffers. A
 *       1 GiB executor with one core decodes images of up to 362 MiB (about 7,900 x 7,900 RGB,
 *       at 6 bytes a pixel: the decoder's raster and the tensor); an 8 GiB one with 4 cores, up to
 *       986 MiB.</li>
 *   <li>a size ({@code 512m}, {@code 2g}, or bytes): that limit on every executor, whatever its
 *       heap. Above what the heap holds it lets through the very images that exhaust it.</li>
 * </ul>
 *
 * <p>Why a Spark property rather than a key of the config file: the limit follows the executors'
 * memory and cores, which are set where they are ({@code --executor-memory},
 * {@code --conf}) and differ from cluster to cluster, while the config file describes the data
 * and the operators, the same everywhere the job runs.
 *
 * @param fixedBytes the limit set as a size, or 0 for {@code auto}
 * @param setting    the property's value as given, for messages
 */
record ImageMemoryBudget(long fixedBytes, String setting) implements Serializable {
    private static final Logger LOG = LoggerFactory.getLogger(ImageMemoryBudget.class);

    static final String KEY = "spark.tensorpool.maxDecodedImageBytes";
    static final String AUTO = "auto";
    /** Spark's reserved system memory ({@code UnifiedMemoryManager}'s {@code RESERVED_SYSTEM_MEMORY_BYTES}). */
    static final long SPARK_RESERVED_BYTES = 300L << 20;
    /** One image may take 1 / SHARE of a task's heap. */
    static final int SHARE = 2;

    private static final Pattern LOCAL_MASTER = Pattern.compile("local\\[(\\*|\\d+)(?:,\\s*\\d+)?]");
    private static final Pattern LOCAL_CLUSTER_MASTER = Pattern.compile("local-cluster\\[\\d+,\\s*(\\d+),\\s*\\d+]");
    private static volatile Auto lastAuto;

    /**
     * The budget the session's {@value #KEY} sets, read on the driver before any record is read.
     *
     * @throws ConfigException (exit 2) when the value is neither {@code auto} nor a size
     */
    static ImageMemoryBudget fromConf(RuntimeConfig conf) {
        String value = conf.get(KEY, AUTO).trim();
        if (value.equalsIgnoreCase(AUTO)) {
            return new ImageMemoryBudget(0, AUTO);
        }
        long bytes;
        try {
            bytes = JavaUtils.byteStringAsBytes(value.toLowerCase(Locale.ROOT));
        } catch (NumberFormatException e) {
            bytes = -1;
        }
        if (bytes < 1) {
            throw new ConfigException("Cannot use " + KEY + "=" + value + ": it is neither auto nor a size of at least"
                    + " 1 byte. Set it to auto (the default) or a size such as 512m or 2g.");
        }
        return new ImageMemoryBudget(bytes, value);
    }

    /** The limit on this JVM: the fixed size, or the share of this executor's heap {@code auto} gives. */
    DecodeLimit limit() {
        if (fixedBytes > 0) {
            return new DecodeLimit(fixedBytes, KEY + "=" + setting + "; raise it, with executor memory to match");
        }
        SparkEnv env = SparkEnv.get();
        Auto auto = lastAuto;
        if (auto == null || auto.env() != env) {
            auto = new Auto(env, autoLimit(env));
            lastAuto = auto;
            LOG.info("Images whose decoding takes more than {} bytes are refused as image_too_large ({})",
                    auto.limit().bytes(), auto.limit().source());
        }
        return auto.limit();
    }

    /** {@code auto}'s limit in the executor of {@code env} (null outside Spark: this JVM's processors). */
    private static DecodeLimit autoLimit(SparkEnv env) {
        SparkConf conf = env == null ? new SparkConf(false) : env.conf();
        long heap = Runtime.getRuntime().maxMemory();
        int tasks = concurrentTasks(conf, Runtime.getRuntime().availableProcessors());
        return new DecodeLimit(affordable(heap, tasks), KEY + "=auto: (max heap " + (heap >> 20) + " MiB - "
                + (SPARK_RESERVED_BYTES >> 20) + " MiB) / " + tasks + " concurrent tasks / " + SHARE
                + "; give executors more memory or fewer cores, or set " + KEY + " to a size");
    }

    /** {@code auto}'s limit, worked out once per executor (per {@code SparkEnv}) rather than per image. */
    private record Auto(SparkEnv env, DecodeLimit limit) {
    }

    /** {@code (maxHeap - 300 MiB) / tasks / 2}, at least 1 byte. */
    static long affordable(long maxHeap, int tasks) {
        return Math.max(1, (maxHeap - SPARK_RESERVED_BYTES) / Math.max(1, tasks) / SHARE);
    }

    /**
     * The tasks an executor runs at once: its cores ({@code local}: 1; {@code local[N]}: N;
     * {@code local[*]}: {@code processors}; {@code local-cluster[n, cores, mem]}: cores; else
     * {@code spark.executor.cores}, or {@code processors} when unset, as a standalone worker
     * gives an executor all its cores) divided by {@code spark.task.cpus}; at least 1.
     */
    static int concurrentTasks(SparkConf conf, int processors) {
        String master = conf.get("spark.master", "").trim();
        int cores;
        Matcher local = LOCAL_MASTER.matcher(master);
        Matcher localCluster = LOCAL_CLUSTER_MASTER.matcher(master);
        if (master.equals("local")) {
            cores = 1;
        } else if (local.matches()) {
            cores = local.group(1).equals("*") ? processors : Integer.parseInt(local.group(1));
        } else if (localCluster.matches()) {
            cores = Integer.parseInt(localCluster.group(1));
        } else {
            cores = conf.contains("spark.executor.cores") ? conf.getInt("spark.executor.cores", processors) : processors;
        }
        return Math.max(1, cores / Math.max(1, conf.getInt("spark.task.cpus", 1)));
    }
}
