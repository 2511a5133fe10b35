package io.tensorpool.job;

import io.tensorpool.kernel.ElementType;
import io.tensorpool.kernel.PoolOp;
import io.tensorpool.kernel.MaxPoolShortcut;
import io.tensorpool.kernel.PoolPipeline;
import io.tensorpool.kernel.SharedScales;
import io.tensorpool.kernel.PoolResult;
import io.tensorpool.kernel.Tensor;
import java.util.Arrays;
import java.util.List;

/**
 * The arrays one task reuses from record to record: the decoded input tensor and the last
 * operator's output. One instance per partition iterator, never shared between threads.
 *
 * <p>Why: a 3x224x224 float32 record is 602 KB in and 150 KB out of a 2x2 pool. Fresh arrays of
 * that size are allocated outside the thread-local buffers and zeroed before use, which the
 * job's profile showed costing about as much as the pooling itself; the records of a dataset
 * nearly always share one shape, so the same two arrays serve every record.
 *
 * <p>Why it is safe: neither array outlives its record. The kernels read the input and write the
 * output; the cell encoders copy the values into the output cell (a new {@code byte[]} or Spark
 * array) before the next record is read. Indices, and the results of every operator but the last,
 * are new arrays as before.
 */
final class TaskArrays {
    private float[] input;
    private Tensor[] outputs = new Tensor[1];

    /** A float array of exactly {@code count} elements, the same one for as long as the count stays. */
    float[] inputFloats(int count) {
        if (input == null || input.length != count) {
            input = new float[count];
        }
        return input;
    }

    /**
     * Runs {@code pipeline} on {@code tensor}, the last operator into this task's output tensor
     * when it returns no indices ({@link PoolOp#applyInto}); the values are those of
     * {@link PoolPipeline#apply}.
     */
    PoolResult pool(PoolPipeline pipeline, Tensor tensor) {
        return pool(pipeline, tensor, 0);
    }

    /**
     * Every output of {@code scales} for {@code tensor}, in pipeline order, each into its own
     * reused output tensor; the values are those of {@link SharedScales#apply}.
     */
    PoolResult[] poolAll(SharedScales scales, Tensor tensor) {
        if (outputs.length != scales.size()) {
            outputs = new Tensor[scales.size()];
        }
        PoolResult[] results = new PoolResult[scales.size()];
        for (int i : scales.order()) {
            MaxPoolShortcut shortcut = scales.shortcut(i);
            if (shortcut == null) {
                results[i] = pool(scales.pipelines().get(i), tensor, i);
            } else {
                Tensor fine = results[scales.source(i)].values();
                results[i] = new PoolResult(shortcut.apply(tensor, fine, outputFor(shortcut.step(), fine, i)), null);
            }
        }
        return results;
    }

    private PoolResult pool(PoolPipeline pipeline, Tensor tensor, int slot) {
        List<PoolOp> ops = pipeline.ops();
        Tensor values = tensor;
        for (int i = 0; i < ops.size() - 1; i++) {
            values = ops.get(i).apply(values).values();
        }
        PoolOp last = ops.get(ops.size() - 1);
        if (last.returnIndices()) {
            return last.apply(values);
        }
        return last.applyInto(values, outputFor(last, values, slot));
    }

    private Tensor outputFor(PoolOp op, Tensor input, int slot) {
        Tensor output = outputs[slot];
        int[] shape = op.outputShape(input.shape());
        ElementType type = op.outputType(input.type());
        if (output == null || output.type() != type || !Arrays.equals(output.shape(), shape)
                || output.data() == input.data()) {
            output = Tensor.of(type, type.newArray((int) Tensor.elementCount(shape)), shape);
            outputs[slot] = output;
        }
        return output;
    }
}
