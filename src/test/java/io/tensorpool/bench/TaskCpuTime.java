package io.tensorpool.bench;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.spark.SparkContext;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerTaskEnd;

/**
 * The CPU time Spark's tasks spent running ({@code executorCpuTime}, measured on each task's own
 * thread), summed over every task that ended since the last {@link #take}.
 *
 * <p>Why beside the process's CPU time: on a shared two-core machine that one also counts the JIT
 * compiler and the collector threads, whose share moves from run to run, while a task thread's own
 * CPU time is what reading, pooling and writing the records cost. Both are reported.
 */
final class TaskCpuTime extends SparkListener {
    private final AtomicLong nanos = new AtomicLong();
    private final SparkContext context;

    private TaskCpuTime(SparkContext context) {
        this.context = context;
    }

    /** Starts counting the tasks of {@code context}. */
    static TaskCpuTime register(SparkContext context) {
        TaskCpuTime listener = new TaskCpuTime(context);
        context.addSparkListener(listener);
        return listener;
    }

    @Override
    public void onTaskEnd(SparkListenerTaskEnd taskEnd) {
        if (taskEnd.taskMetrics() != null) {
            nanos.addAndGet(taskEnd.taskMetrics().executorCpuTime());
        }
    }

    /**
     * The task CPU seconds since the last call, once every event posted so far has been delivered
     * (listeners hear of task ends asynchronously).
     */
    double take() {
        try {
            context.listenerBus().waitUntilEmpty(TimeUnit.MINUTES.toMillis(1));
        } catch (TimeoutException e) {
            throw new IllegalStateException("Spark's listener bus did not drain within a minute", e);
        }
        return nanos.getAndSet(0) / 1e9;
    }
}
