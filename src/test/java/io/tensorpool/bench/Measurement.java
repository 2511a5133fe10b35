package io.tensorpool.bench;

/**
 * One timed run of one job.
 *
 * @param phase        {@code table} (the main table) or {@code scaling}
 * @param layout       {@code list} or {@code binary}
 * @param job          the job's id, e.g. {@code job-max2}
 * @param master       the Spark master it ran on
 * @param rep          the repetition, from 0
 * @param images       records read
 * @param seconds      wall time of the whole run (plan, read, pool, write, commit)
 * @param cpuSeconds   CPU time of the whole JVM during the run (every thread, GC and JIT included)
 * @param taskCpuSeconds CPU time of the run's Spark tasks on their own threads ({@link TaskCpuTime})
 * @param gcSeconds    time the JVM's collectors reported during the run
 * @param rowsOut      rows of the output read back, or -1 when not checked or nothing is written
 * @param minValues    fewest values (list elements, binary bytes) in an output row's {@code x}, or -1
 * @param maxValues    most values in an output row's {@code x}, or -1
 * @param expectedValues the values each output row must hold, or 0 when nothing is written
 * @param loadBefore   the 1-minute load average when the run started
 */
record Measurement(String phase, String layout, String job, String master, int rep, long images, double seconds,
                   double cpuSeconds, double taskCpuSeconds, double gcSeconds, long rowsOut, long minValues, long maxValues,
                   long expectedValues, double loadBefore) {

    boolean checked() {
        return rowsOut >= 0;
    }

    /** True when the output was read back and every row holds the expected number of values. */
    boolean outputAsExpected() {
        return rowsOut == images && minValues == expectedValues && maxValues == expectedValues;
    }
}
