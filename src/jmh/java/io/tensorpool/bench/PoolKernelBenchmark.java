package io.tensorpool.bench;

import io.tensorpool.kernel.AdaptiveAvgPool2d;
import io.tensorpool.kernel.AvgPool2d;
import io.tensorpool.kernel.ElementType;
import io.tensorpool.kernel.IntPair;
import io.tensorpool.kernel.MaxPool2d;
import io.tensorpool.kernel.Padding;
import io.tensorpool.kernel.PoolOp;
import io.tensorpool.kernel.PoolResult;
import io.tensorpool.kernel.Tensor;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * The pooling kernels on one NCHW batch ({@code batch x 3 x 224 x 224}), each beside a plain copy
 * of the same bytes ({@code System.arraycopy} into a preallocated array) measured in the same run:
 * the copy is the memory-bandwidth yardstick, and {@code scripts/bench-kernels.sh} reports every
 * kernel as GB/s of input and as a ratio to the copy of its own element type.
 *
 * <p>Each pooling benchmark runs what the job runs, {@code op.apply(tensor)}, which allocates its
 * output. Data are random (normalised-image-like floats, uniform bytes), so comparisons cannot be
 * branch-predicted.
 *
 * <p>The fork pre-touches its fixed 4 GB heap, as a long-running executor's heap is touched
 * after its first batches: otherwise the first allocations of each output array pay the kernel's
 * page faults, which dominate short runs and have nothing to do with the kernels.
 *
 * <p>The fork adds {@code jdk.incubator.vector}, as Spark's launcher does for every executor, so the
 * float32 kernels take their Vector API paths; append {@code -Dtensorpool.kernels.vector=false}
 * ({@code JMH_ARGS='-jvmArgsAppend -Dtensorpool.kernels.vector=false'}) to measure the scalar ones.
 *
 * <p>Names: {@code copy_<type>} is the yardstick, {@code <type>_<op>} a kernel on that type's
 * batch; the script pairs them by the type prefix. {@code _into} runs the op into a preallocated
 * output ({@code applyInto}); {@code _perRecord} pools the batch one 3 x 224 x 224 record per
 * call, as the job does (every result goes to a {@code Blackhole}).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms4g", "-Xmx4g", "-XX:+AlwaysPreTouch", "--add-modules=jdk.incubator.vector"})
public class PoolKernelBenchmark {

    /** Images in the batch; 64 x 3 x 224 x 224 is the batch. */
    @Param("64")
    public int batch;

    private float[] floats;
    private float[] floatsCopy;
    private byte[] bytes;
    private byte[] bytesCopy;
    private Tensor floatBatch;
    private Tensor byteBatch;
    private Tensor[] floatRecords;
    private Tensor max2x2s2Out;
    private Tensor max3x3s1p1Out;
    private Tensor avg3x3s1p1Out;

    private final PoolOp max2x2s2 = MaxPool2d.of(2);
    private final PoolOp max3x3s2p1 = new MaxPool2d(IntPair.of(3), IntPair.of(2), Padding.symmetric(1, 1), null,
            false, false);
    private final PoolOp max3x3s1p1 = new MaxPool2d(IntPair.of(3), IntPair.of(1), Padding.symmetric(1, 1), null,
            false, false);
    private final PoolOp avg2x2s2 = AvgPool2d.of(2);
    private final PoolOp avg3x3s1p1 = new AvgPool2d(IntPair.of(3), IntPair.of(1), Padding.symmetric(1, 1), null,
            false, true, null);
    private final PoolOp adaptiveAvg7x7 = new AdaptiveAvgPool2d(7, 7);

    @Setup(Level.Trial)
    public void setUp() {
        int[] shape = {batch, 3, 224, 224};
        int n = (int) Tensor.elementCount(shape);
        SplittableRandom random = new SplittableRandom(20240901L);
        floats = new float[n];
        for (int i = 0; i < n; i++) {
            floats[i] = (float) (random.nextDouble() * 4.0 - 2.0);
        }
        bytes = new byte[n];
        for (int i = 0; i < n; i++) {
            bytes[i] = (byte) random.nextInt(256);
        }
        floatsCopy = new float[n];
        bytesCopy = new byte[n];
        floatBatch = Tensor.ofFloats(floats, shape);
        byteBatch = Tensor.of(ElementType.UINT8, bytes, shape);
        int record = 3 * 224 * 224;
        floatRecords = new Tensor[batch];
        for (int i = 0; i < batch; i++) {
            float[] one = new float[record];
            System.arraycopy(floats, i * record, one, 0, record);
            floatRecords[i] = Tensor.ofFloats(one, 3, 224, 224);
        }
        max2x2s2Out = output(max2x2s2, floatBatch);
        max3x3s1p1Out = output(max3x3s1p1, floatBatch);
        avg3x3s1p1Out = output(avg3x3s1p1, floatBatch);
    }

    private static Tensor output(PoolOp op, Tensor input) {
        int[] shape = op.outputShape(input.shape());
        return Tensor.ofFloats(new float[(int) Tensor.elementCount(shape)], shape);
    }

    @Benchmark
    public float[] copy_float32() {
        System.arraycopy(floats, 0, floatsCopy, 0, floats.length);
        return floatsCopy;
    }

    @Benchmark
    public byte[] copy_uint8() {
        System.arraycopy(bytes, 0, bytesCopy, 0, bytes.length);
        return bytesCopy;
    }

    @Benchmark
    public PoolResult float32_max2x2s2() {
        return max2x2s2.apply(floatBatch);
    }

    @Benchmark
    public PoolResult float32_max3x3s2p1() {
        return max3x3s2p1.apply(floatBatch);
    }

    @Benchmark
    public PoolResult float32_max3x3s1p1() {
        return max3x3s1p1.apply(floatBatch);
    }

    @Benchmark
    public PoolResult float32_avg2x2s2() {
        return avg2x2s2.apply(floatBatch);
    }

    @Benchmark
    public PoolResult float32_avg3x3s1p1() {
        return avg3x3s1p1.apply(floatBatch);
    }

    @Benchmark
    public PoolResult float32_adaptiveAvg7x7() {
        return adaptiveAvg7x7.apply(floatBatch);
    }

    /** The same batch into a preallocated output ({@code applyInto}): no allocation per call. */
    @Benchmark
    public PoolResult float32_max2x2s2_into() {
        return max2x2s2.applyInto(floatBatch, max2x2s2Out);
    }

    @Benchmark
    public PoolResult float32_max3x3s1p1_into() {
        return max3x3s1p1.applyInto(floatBatch, max3x3s1p1Out);
    }

    @Benchmark
    public PoolResult float32_avg3x3s1p1_into() {
        return avg3x3s1p1.applyInto(floatBatch, avg3x3s1p1Out);
    }

    /** The same bytes as the job sees them: one 3 x 224 x 224 record per call. */
    @Benchmark
    public void float32_max2x2s2_perRecord(Blackhole sink) {
        for (Tensor record : floatRecords) {
            sink.consume(max2x2s2.apply(record));
        }
    }

    @Benchmark
    public void float32_max3x3s1p1_perRecord(Blackhole sink) {
        for (Tensor record : floatRecords) {
            sink.consume(max3x3s1p1.apply(record));
        }
    }

    @Benchmark
    public PoolResult uint8_max2x2s2() {
        return max2x2s2.apply(byteBatch);
    }
}
