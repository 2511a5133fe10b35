package io.tensorpool.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The harness's command line. Every option has a default, so that no argument runs the issue's
 * benchmark: 1 GB per layout, both layouts, every job, 3 repetitions on {@code local[2]}, then
 * the 2x2/s2 job on {@code local[1]} against {@code local[2]} in the list layout.
 */
record BenchOptions(double gigabytes, List<Layout> layouts, List<BenchJob> jobs, int reps, String master,
                    double warmupGigabytes, List<String> scalingMasters, List<Layout> scalingLayouts, Verify verify,
                    Path dataDir, Path workDir, Path report, Path json, List<BenchJob> profileJobs, Path profileDir,
                    int batchRows, Map<String, String> sparkConf) {

    /** Which repetitions read their output back to check row and value counts (outside the timing). */
    enum Verify {
        NONE, FIRST, ALL
    }

    static final String USAGE = """
            io.tensorpool.bench.JobBenchmark: the whole-job benchmark (run it with scripts/bench.sh)

              --gb N                 tensor data per layout, in GB of float32 (10^9 bytes; default 1)
              --layouts L[,L]        list, binary (default: list,binary)
              --jobs J[,J]           default: all of read-only, identity, identity-bulk, job-identity,
                                     job-sparkreader-identity, floor-max2,
                                     strict-floor-max2, job-max2, job-sparkwriter-max2, udf-max2, floor-avg3,
                                     strict-floor-avg3, job-avg3, job-sparkwriter-avg3, udf-avg3 (a job's
                                     floor is added when missing)
              --reps K               timed repetitions of every job (default 3; the order alternates)
              --master M             Spark master of the main table (default local[2])
              --warmup-gb N          untimed warm-up: every job twice on a dataset this size (default 0.25; 0: none)
              --scaling M,M | none   masters to compare on the 2x2/s2 job and its floor (default local[1],local[2])
              --scaling-layouts L    layouts of that comparison (default: list)
              --verify first|all|none  read outputs back and check rows and values per row (default first)
              --data DIR             datasets, generated when absent (default target/bench/data)
              --work DIR             job outputs, deleted after each run (default target/bench/out)
              --report FILE          also write the Markdown report there
              --json FILE            also write every measurement as JSON there
              --profile J[,J]        after the table, run these jobs once more under JFR and summarise the samples
              --profile-dir DIR      where the .jfr files go (default target/bench/profiles)
              --batch-rows N         spark.sql.parquet.columnarReaderBatchSize for every job (default: 32 MB of rows,
                                     as the job would choose)
              --conf KEY=VALUE       a Spark setting for every session, repeatable (e.g.
                                     spark.hadoop.parquet.page.size.row.check.min=1 for every writer)
            """;

    static BenchOptions parse(String[] args) {
        double gigabytes = 1;
        List<Layout> layouts = List.of(Layout.LIST, Layout.BINARY);
        List<BenchJob> jobs = BenchJob.all();
        int reps = 3;
        String master = "local[2]";
        // 0.25 GB, not 0.1: after twice every job on 166 images, the first timed repetition was still
        // the slowest of three in four of six 1 GB runs, with the JIT's threads at their busiest in it.
        double warmup = 0.25;
        List<String> scaling = List.of("local[1]", "local[2]");
        List<Layout> scalingLayouts = List.of(Layout.LIST);
        Verify verify = Verify.FIRST;
        Path data = Path.of("target/bench/data");
        Path work = Path.of("target/bench/out");
        Path report = null;
        Path json = null;
        List<BenchJob> profile = List.of();
        Path profileDir = Path.of("target/bench/profiles");
        int batchRows = (int) Math.max(1, Math.min(4096, (32L << 20) / SyntheticTensors.BYTES_PER_RECORD));
        Map<String, String> sparkConf = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            String flag = args[i];
            if (flag.equals("--help") || flag.equals("-h")) {
                throw new UsageException(null);
            }
            if (i + 1 >= args.length) {
                throw new UsageException(flag + " needs a value");
            }
            String value = args[++i];
            switch (flag) {
                case "--gb" -> gigabytes = positive(flag, Double.parseDouble(value));
                case "--layouts" -> layouts = split(value).stream().map(Layout::parse).toList();
                case "--jobs" -> jobs = value.equals("all") ? BenchJob.all() : withFloors(split(value).stream()
                        .map(BenchJob::parse).toList());
                case "--reps" -> reps = (int) positive(flag, Integer.parseInt(value));
                case "--master" -> master = value;
                case "--warmup-gb" -> warmup = Double.parseDouble(value);
                case "--scaling" -> scaling = value.equals("none") ? List.of() : split(value);
                case "--scaling-layouts" -> scalingLayouts = split(value).stream().map(Layout::parse).toList();
                case "--verify" -> verify = Verify.valueOf(value.toUpperCase(java.util.Locale.ROOT));
                case "--data" -> data = Path.of(value);
                case "--work" -> work = Path.of(value);
                case "--report" -> report = Path.of(value);
                case "--json" -> json = Path.of(value);
                case "--profile" -> profile = split(value).stream().map(BenchJob::parse).toList();
                case "--profile-dir" -> profileDir = Path.of(value);
                case "--batch-rows" -> batchRows = (int) positive(flag, Integer.parseInt(value));
                case "--conf" -> {
                    int eq = value.indexOf('=');
                    if (eq < 1) {
                        throw new UsageException("--conf needs KEY=VALUE, not " + value);
                    }
                    sparkConf.put(value.substring(0, eq), value.substring(eq + 1));
                }
                default -> throw new UsageException("unknown option " + flag);
            }
        }
        return new BenchOptions(gigabytes, layouts, jobs, reps, master, warmup, scaling, scalingLayouts, verify, data,
                work, report, json, profile, profileDir, batchRows, Map.copyOf(sparkConf));
    }

    /** The jobs in table order, each job's floor added when it was not asked for. */
    private static List<BenchJob> withFloors(List<BenchJob> asked) {
        List<BenchJob> jobs = new ArrayList<>();
        for (BenchJob job : BenchJob.all()) {
            if (asked.contains(job) || asked.stream().anyMatch(a -> job.equals(a.floor()))) {
                jobs.add(job);
            }
        }
        return jobs;
    }

    private static List<String> split(String value) {
        List<String> parts = new ArrayList<>();
        for (String part : value.split(",")) {
            if (!part.isBlank()) {
                parts.add(part.trim());
            }
        }
        return parts;
    }

    private static double positive(String flag, double value) {
        if (!(value > 0)) {
            throw new UsageException(flag + " must be positive, not " + value);
        }
        return value;
    }

    /** A bad command line; a null message asks for the usage text alone. */
    static final class UsageException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        UsageException(String message) {
            super(message);
        }
    }
}
