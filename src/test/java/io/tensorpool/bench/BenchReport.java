package io.tensorpool.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.ToDoubleFunction;

/**
 * Formats the measurements as Markdown: the run's facts, one table per layout (median seconds
 * with every run, images/s, CPU and GC seconds, ratio to the floor), the targets, the scaling
 * comparison and any profiles.
 *
 * <p>A ratio is the median over repetitions of (job / its floor in the same repetition): the
 * two ran next to each other, so load that drifts over minutes cancels out.
 */
final class BenchReport {
    /** The issues' targets: job against its floor, per layout and pooling (issue 16 for list, with the bulk writer). */
    static final Map<String, Map<String, Double>> FLOOR_TARGETS = Map.of(
            "list", Map.of("max2", 0.60, "avg3", 0.70),
            "binary", Map.of("max2", 1.15, "avg3", 1.15));
    /** Issue 16: the job's identity copy of list against the same job on the same bytes as binary. */
    static final double BULK_IDENTITY_TARGET = 1.3;
    static final double SCALING_TARGET = 1.7;

    private final BenchOptions options;
    private final Map<String, Object> facts;
    private final List<Measurement> measurements;
    private final Map<String, String> profiles;

    BenchReport(BenchOptions options, Map<String, Object> facts, List<Measurement> measurements,
                Map<String, String> profiles) {
        this.options = options;
        this.facts = facts;
        this.measurements = measurements;
        this.profiles = profiles;
    }

    String markdown() {
        StringBuilder md = new StringBuilder();
        long records = ((Number) facts.get("records")).longValue();
        md.append(String.format(Locale.ROOT, "### Run%n%n"));
        md.append(String.format(Locale.ROOT, "- %d images of 3x224x224 float32 per layout (%.2f GB of tensor data);"
                + " Parquet input on disk: %s%n", records, (Double) facts.get("tensor_gb"), inputSizes()));
        md.append(String.format(Locale.ROOT, "- Spark %s, master %s, %s, %s processors, max heap %s MB;"
                        + " reader batch %s rows; %d repetitions (order alternates); %.0f s in all%n",
                facts.get("spark_version"), options.master(), facts.get("java"), facts.get("available_processors"),
                facts.get("max_heap_mb"), facts.get("batch_rows"), options.reps(), (Double) facts.get("total_seconds")));
        if (!options.sparkConf().isEmpty()) {
            md.append(String.format(Locale.ROOT, "- Spark settings given: %s%n", options.sparkConf()));
        }
        md.append(String.format(Locale.ROOT, "- load averages (1, 5, 15 min): %s at start, %s at end%n%n",
                facts.get("load_start"), facts.get("load_end")));

        for (Layout layout : options.layouts()) {
            layoutTable(md, layout.configName(), records);
        }
        targets(md);
        scaling(md, records);
        for (Map.Entry<String, String> profile : profiles.entrySet()) {
            md.append(String.format(Locale.ROOT, "### Profile: %s%n%n%s%n", profile.getKey(), profile.getValue()));
        }
        return md.toString();
    }

    private String inputSizes() {
        @SuppressWarnings("unchecked")
        Map<String, Long> sizes = (Map<String, Long>) facts.get("input_bytes");
        List<String> parts = new ArrayList<>();
        sizes.forEach((layout, bytes) -> parts.add(String.format(Locale.ROOT, "%s %.0f MB", layout, bytes / 1e6)));
        return String.join(", ", parts);
    }

    private void layoutTable(StringBuilder md, String layout, long records) {
        md.append(String.format(Locale.ROOT, "### %s layout (master %s)%n%n", layout, options.master()));
        md.append("| job | what it does | seconds: median (each run) | images/s | tensor MB/s | CPU s | task CPU s |"
                + " GC s | vs floor | CPU vs floor | task CPU vs floor | vs strict floor | CPU vs strict floor |\n");
        md.append("|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
        for (BenchJob job : options.jobs()) {
            List<Measurement> runs = runs("table", layout, job.id(), options.master());
            if (runs.isEmpty()) {
                continue;
            }
            double seconds = median(runs, Measurement::seconds);
            BenchJob floor = job.floor();
            BenchJob strict = job.strictFloor();
            md.append(String.format(Locale.ROOT,
                    "| %s | %s | %.2f (%s) | %.1f | %.0f | %.1f | %.2f | %.1f | %s | %s | %s | %s | %s |%n",
                    job.id(), job.describe(Layout.parse(layout)), seconds, each(runs), records / seconds,
                    records * (double) SyntheticTensors.BYTES_PER_RECORD / seconds / 1e6,
                    median(runs, Measurement::cpuSeconds), median(runs, Measurement::taskCpuSeconds),
                    median(runs, Measurement::gcSeconds),
                    floor == null ? "" : times(ratio("table", layout, job.id(), floor.id(), options.master(),
                            Measurement::seconds)),
                    floor == null ? "" : times(ratio("table", layout, job.id(), floor.id(), options.master(),
                            Measurement::cpuSeconds)),
                    floor == null ? "" : times(ratio("table", layout, job.id(), floor.id(), options.master(),
                            Measurement::taskCpuSeconds)),
                    strict == null ? "" : times(ratio("table", layout, job.id(), strict.id(), options.master(),
                            Measurement::seconds)),
                    strict == null ? "" : times(ratio("table", layout, job.id(), strict.id(), options.master(),
                            Measurement::cpuSeconds))));
        }
        md.append(String.format(Locale.ROOT, "%nOutputs read back and checked (rows, values per row): %s.%n%n",
                checkedSummary(layout)));
    }

    private String checkedSummary(String layout) {
        List<Measurement> checked = measurements.stream()
                .filter(m -> m.layout().equals(layout) && m.checked()).toList();
        if (checked.isEmpty()) {
            return "none";
        }
        List<Measurement> wrong = checked.stream().filter(m -> !m.outputAsExpected()).toList();
        if (wrong.isEmpty()) {
            return checked.size() + " runs, all as expected";
        }
        List<String> bad = wrong.stream().map(m -> m.job() + " rep " + m.rep() + ": " + m.rowsOut() + " rows, "
                + m.minValues() + ".." + m.maxValues() + " values, expected " + m.expectedValues()).toList();
        return "**WRONG** " + String.join("; ", bad);
    }

    private void targets(StringBuilder md) {
        List<String[]> rows = new ArrayList<>();
        for (Layout layout : options.layouts()) {
            String name = layout.configName();
            for (Pooling pooling : Pooling.values()) {
                double target = FLOOR_TARGETS.get(name).get(pooling.id());
                double r = ratio("table", name, "job-" + pooling.id(), "floor-" + pooling.id(), options.master(),
                        Measurement::seconds);
                if (!Double.isNaN(r)) {
                    rows.add(new String[] {name + ": job-" + pooling.id() + " / floor-" + pooling.id() + " (wall)",
                            times(r), String.format(Locale.ROOT, "<= %.2fx", target), r <= target ? "yes" : "**no**"});
                    double cpu = ratio("table", name, "job-" + pooling.id(), "floor-" + pooling.id(), options.master(),
                            Measurement::cpuSeconds);
                    rows.add(new String[] {name + ": job-" + pooling.id() + " / floor-" + pooling.id() + " (CPU)",
                            times(cpu), "(less noisy when the machine is shared)", ""});
                    double taskCpu = ratio("table", name, "job-" + pooling.id(), "floor-" + pooling.id(),
                            options.master(), Measurement::taskCpuSeconds);
                    rows.add(new String[] {name + ": job-" + pooling.id() + " / floor-" + pooling.id() + " (task CPU)",
                            times(taskCpu), "(the tasks' own threads: least noisy)", ""});
                }
                double sparkWriter = ratio("table", name, "job-" + pooling.id(), "job-sparkwriter-" + pooling.id(),
                        options.master(), Measurement::seconds);
                if (!Double.isNaN(sparkWriter)) {
                    rows.add(new String[] {name + ": job-" + pooling.id() + " / job-sparkwriter-" + pooling.id()
                            + " (wall)", times(sparkWriter), "(information: the bulk writer against Spark's)", ""});
                }
                double strict = ratio("table", name, "job-" + pooling.id(), "strict-floor-" + pooling.id(),
                        options.master(), Measurement::seconds);
                if (!Double.isNaN(strict)) {
                    rows.add(new String[] {name + ": job-" + pooling.id() + " / strict-floor-" + pooling.id() + " (wall)",
                            times(strict), "(information: the floor with the job's schema)", ""});
                }
            }
            for (Pooling pooling : Pooling.values()) {
                double r = ratio("table", name, "udf-" + pooling.id(), "job-" + pooling.id(), options.master(),
                        Measurement::seconds);
                if (!Double.isNaN(r)) {
                    rows.add(new String[] {name + ": udf-" + pooling.id() + " / job-" + pooling.id() + " (wall)",
                            times(r), "> 1x (the UDF is slower)", r > 1 ? "yes" : "**no**"});
                    rows.add(new String[] {name + ": udf-" + pooling.id() + " / job-" + pooling.id() + " (task CPU)",
                            times(ratio("table", name, "udf-" + pooling.id(), "job-" + pooling.id(), options.master(),
                                    Measurement::taskCpuSeconds)), "(the tasks' own threads)", ""});
                }
            }
        }
        double jobIdentity = crossLayoutRatio("job-identity", "list", "job-identity", "binary");
        if (!Double.isNaN(jobIdentity)) {
            rows.add(new String[] {"job-identity (list) / job-identity (binary) (wall)", times(jobIdentity),
                    String.format(Locale.ROOT, "<= %.1fx", BULK_IDENTITY_TARGET),
                    jobIdentity <= BULK_IDENTITY_TARGET ? "yes" : "**no**"});
            rows.add(new String[] {"job-identity (list) / job-identity (binary) (task CPU)",
                    times(crossLayoutRatio("job-identity", "list", "job-identity", "binary",
                            Measurement::taskCpuSeconds)), "(the tasks' own threads)", ""});
        }
        double reader = ratio("table", "list", "job-identity", "job-sparkreader-identity", options.master(),
                Measurement::seconds);
        if (!Double.isNaN(reader)) {
            rows.add(new String[] {"list: job-identity / job-sparkreader-identity (wall)", times(reader),
                    "(information: the job's reader against Spark's)", ""});
            rows.add(new String[] {"list: job-identity / job-sparkreader-identity (task CPU)",
                    times(ratio("table", "list", "job-identity", "job-sparkreader-identity", options.master(),
                            Measurement::taskCpuSeconds)), "(the tasks' own threads)", ""});
        }
        double bulkIdentity = crossLayoutRatio("identity-bulk", "list", "identity", "binary");
        if (!Double.isNaN(bulkIdentity)) {
            rows.add(new String[] {"identity-bulk (list) / identity (binary) (wall)", times(bulkIdentity),
                    "(information: Spark's row path feeds the bulk writer)", ""});
            rows.add(new String[] {"identity-bulk (list) / identity (binary) (task CPU)",
                    times(crossLayoutRatio("identity-bulk", "list", "identity", "binary", Measurement::taskCpuSeconds)),
                    "(the tasks' own threads)", ""});
        }
        for (Layout layout : options.scalingLayouts()) {
            double gain = scalingGain(layout.configName(), "job-max2");
            if (!Double.isNaN(gain)) {
                rows.add(new String[] {layout.configName() + ": job-max2 images/s, " + scalingLabel(), times(gain),
                        String.format(Locale.ROOT, ">= %.1fx", SCALING_TARGET), gain >= SCALING_TARGET ? "yes" : "**no**"});
            }
        }
        if (rows.isEmpty()) {
            return;
        }
        md.append(String.format(Locale.ROOT, "### Targets%n%n| check | measured | target | met |%n|---|---|---|---|%n"));
        for (String[] row : rows) {
            md.append("| ").append(String.join(" | ", row)).append(" |\n");
        }
        md.append('\n');
    }

    private void scaling(StringBuilder md, long records) {
        List<String> masters = options.scalingMasters();
        if (masters.isEmpty()) {
            return;
        }
        md.append(String.format(Locale.ROOT, "### Scaling: %s%n%n", String.join(" against ", masters)));
        // "cores busy" is the JVM's CPU over wall time: below the master's thread count, the
        // difference is time a core sat idle (serial steps, the last task of a stage, other tenants).
        md.append("| layout | job | master | seconds: median (each run) | images/s | CPU s | task CPU s | cores busy |\n"
                + "|---|---|---|---|---|---|---|---|\n");
        for (Layout layout : options.scalingLayouts()) {
            for (String job : List.of("floor-max2", "job-max2")) {
                for (String master : masters) {
                    List<Measurement> runs = runs("scaling", layout.configName(), job, master);
                    if (runs.isEmpty()) {
                        continue;
                    }
                    double seconds = median(runs, Measurement::seconds);
                    md.append(String.format(Locale.ROOT, "| %s | %s | %s | %.2f (%s) | %.1f | %.1f | %.2f | %.2f |%n",
                            layout.configName(), job, master, seconds, each(runs), records / seconds,
                            median(runs, Measurement::cpuSeconds), median(runs, Measurement::taskCpuSeconds),
                            median(runs, m -> m.cpuSeconds() / m.seconds())));
                }
            }
            md.append(String.format(Locale.ROOT, "%n%s, %s: job-max2 %s, floor-max2 %s (medians of seconds).%n%n",
                    layout.configName(), scalingLabel(), times(scalingGain(layout.configName(), "job-max2")),
                    times(scalingGain(layout.configName(), "floor-max2"))));
        }
    }

    private String scalingLabel() {
        List<String> masters = options.scalingMasters();
        return "throughput " + masters.get(masters.size() - 1) + " / " + masters.get(0);
    }

    /** Throughput on the last scaling master over that on the first. */
    private double scalingGain(String layout, String job) {
        List<String> masters = options.scalingMasters();
        if (masters.size() < 2) {
            return Double.NaN;
        }
        List<Measurement> first = runs("scaling", layout, job, masters.get(0));
        List<Measurement> last = runs("scaling", layout, job, masters.get(masters.size() - 1));
        if (first.isEmpty() || last.isEmpty()) {
            return Double.NaN;
        }
        return median(first, Measurement::seconds) / median(last, Measurement::seconds);
    }

    private List<Measurement> runs(String phase, String layout, String job, String master) {
        return measurements.stream().filter(m -> m.phase().equals(phase) && m.layout().equals(layout)
                && m.job().equals(job) && m.master().equals(master)).toList();
    }

    /** The median over repetitions of job / floor, each pair from the same repetition. */
    private double ratio(String phase, String layout, String job, String floor, String master,
                         ToDoubleFunction<Measurement> metric) {
        List<Double> ratios = new ArrayList<>();
        for (Measurement m : runs(phase, layout, job, master)) {
            runs(phase, layout, floor, master).stream().filter(f -> f.rep() == m.rep()).findFirst()
                    .ifPresent(f -> ratios.add(metric.applyAsDouble(m) / metric.applyAsDouble(f)));
        }
        return ratios.isEmpty() ? Double.NaN : median(ratios);
    }

    /** The median over repetitions of one job in one layout against another job in another layout. */
    private double crossLayoutRatio(String job, String layout, String other, String otherLayout) {
        return crossLayoutRatio(job, layout, other, otherLayout, Measurement::seconds);
    }

    private double crossLayoutRatio(String job, String layout, String other, String otherLayout,
                                    ToDoubleFunction<Measurement> metric) {
        List<Double> ratios = new ArrayList<>();
        for (Measurement m : runs("table", layout, job, options.master())) {
            runs("table", otherLayout, other, options.master()).stream().filter(o -> o.rep() == m.rep()).findFirst()
                    .ifPresent(o -> ratios.add(metric.applyAsDouble(m) / metric.applyAsDouble(o)));
        }
        return ratios.isEmpty() ? Double.NaN : median(ratios);
    }

    private static String each(List<Measurement> runs) {
        return String.join(", ", runs.stream().map(m -> String.format(Locale.ROOT, "%.2f", m.seconds())).toList());
    }

    private static String times(double ratio) {
        return Double.isNaN(ratio) ? "n/a" : String.format(Locale.ROOT, "%.2fx", ratio);
    }

    static double median(List<Measurement> runs, ToDoubleFunction<Measurement> metric) {
        return median(runs.stream().map(m -> metric.applyAsDouble(m)).toList());
    }

    static double median(List<Double> values) {
        List<Double> sorted = values.stream().filter(Objects::nonNull).sorted().toList();
        if (sorted.isEmpty()) {
            return Double.NaN;
        }
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }
}
