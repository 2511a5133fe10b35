package io.tensorpool.bench;

import io.tensorpool.kernel.MaxPool2d;
import io.tensorpool.kernel.PoolOp;
import io.tensorpool.kernel.PoolResult;
import io.tensorpool.kernel.Tensor;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What a second core gives a second thread on this machine: the yardstick for the job's
 * {@code local[2]} against {@code local[1]}. Each benchmark works on its own thread's data, and
 * {@code scripts/bench-cores.sh} runs them with one thread and with two ({@code -t 1}, {@code -t 2});
 * total throughput with two over throughput with one is the most two task threads can gain here.
 *
 * <ul>
 *   <li>{@code compute}: a register-only loop (a 64-bit linear congruential step), no memory
 *       traffic: whether the two cores are real cores.</li>
 *   <li>{@code copy}: {@code System.arraycopy} of a 38.5 MB float batch: whether they share the
 *       memory bandwidth.</li>
 *   <li>{@code max2x2s2}: the job's kernel, {@code max_pool2d} 2x2/s2 into a reused output, one
 *       3 x 224 x 224 record at a time over 64 records, as a task pools them.</li>
 * </ul>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g", "-XX:+AlwaysPreTouch", "--add-modules=jdk.incubator.vector"})
public class CoreScalingBenchmark {
    private static final int RECORDS = 64;
    private static final int[] RECORD_SHAPE = {3, 224, 224};
    private static final int RECORD_ELEMENTS = 3 * 224 * 224;

    private final PoolOp max2x2s2 = MaxPool2d.of(2);
    private float[] batch;
    private float[] batchCopy;
    private Tensor[] records;
    private Tensor pooled;
    private long state;

    @Setup(Level.Trial)
    public void setUp() {
        SplittableRandom random = new SplittableRandom(Thread.currentThread().getId());
        batch = new float[RECORDS * RECORD_ELEMENTS];
        for (int i = 0; i < batch.length; i++) {
            batch[i] = (float) (random.nextDouble() * 4.0 - 2.0);
        }
        batchCopy = new float[batch.length];
        records = new Tensor[RECORDS];
        for (int r = 0; r < RECORDS; r++) {
            float[] one = new float[RECORD_ELEMENTS];
            System.arraycopy(batch, r * RECORD_ELEMENTS, one, 0, RECORD_ELEMENTS);
            records[r] = Tensor.ofFloats(one, RECORD_SHAPE);
        }
        int[] out = max2x2s2.outputShape(RECORD_SHAPE);
        pooled = Tensor.ofFloats(new float[(int) Tensor.elementCount(out)], out);
        state = random.nextLong();
    }

    @Benchmark
    public long compute() {
        long x = state;
        for (int i = 0; i < 10_000_000; i++) {
            x = x * 6364136223846793005L + 1442695040888963407L;
        }
        state = x;
        return x;
    }

    @Benchmark
    public float[] copy() {
        System.arraycopy(batch, 0, batchCopy, 0, batch.length);
        return batchCopy;
    }

    @Benchmark
    public PoolResult max2x2s2() {
        PoolResult last = null;
        for (Tensor record : records) {
            last = max2x2s2.applyInto(record, pooled);
        }
        return last;
    }
}
