package io.tensorpool.bench;

import io.tensorpool.kernel.PoolPipeline;
import io.tensorpool.kernel.Tensor;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.apache.spark.sql.api.java.UDF2;
import scala.collection.Iterator;
import scala.collection.Seq;

/**
 * What a user writes first to pool a tensor column in Spark: a Java UDF. The pooling itself is
 * tensorpool's own kernels, so that the difference from the job is only the boundary:
 *
 * <ul>
 *   <li>{@code list}: Spark hands the UDF a {@code Seq<Float>} of boxed elements, the UDF copies
 *       them into a {@code float[]}, and Spark boxes the returned {@code float[]} again into a
 *       generic array before writing it;</li>
 *   <li>{@code binary}: the UDF gets {@code byte[]}, decodes it one element at a time with
 *       {@code ByteBuffer.getFloat}, and encodes the result back the same way.</li>
 * </ul>
 * The shape comes from the shape column, as a second argument.
 */
final class NaiveUdfs {
    private NaiveUdfs() {
    }

    /** {@code array<float>, array<int> -> array<float>}. */
    static final class ListPool implements UDF2<Seq<Float>, Seq<Integer>, float[]> {
        private static final long serialVersionUID = 1L;
        private final PoolPipeline pipeline;

        ListPool(PoolPipeline pipeline) {
            this.pipeline = pipeline;
        }

        @Override
        public float[] call(Seq<Float> x, Seq<Integer> shape) {
            float[] values = new float[x.length()];
            Iterator<Float> it = x.iterator();
            for (int i = 0; it.hasNext(); i++) {
                values[i] = it.next();
            }
            return pipeline.apply(Tensor.ofFloats(values, dims(shape))).values().floats();
        }
    }

    /** {@code binary, array<int> -> binary}, little-endian float32 both ways. */
    static final class BinaryPool implements UDF2<byte[], Seq<Integer>, byte[]> {
        private static final long serialVersionUID = 1L;
        private final PoolPipeline pipeline;

        BinaryPool(PoolPipeline pipeline) {
            this.pipeline = pipeline;
        }

        @Override
        public byte[] call(byte[] x, Seq<Integer> shape) {
            ByteBuffer in = ByteBuffer.wrap(x).order(ByteOrder.LITTLE_ENDIAN);
            float[] values = new float[x.length / 4];
            for (int i = 0; i < values.length; i++) {
                values[i] = in.getFloat(4 * i);
            }
            float[] pooled = pipeline.apply(Tensor.ofFloats(values, dims(shape))).values().floats();
            ByteBuffer out = ByteBuffer.allocate(4 * pooled.length).order(ByteOrder.LITTLE_ENDIAN);
            for (int i = 0; i < pooled.length; i++) {
                out.putFloat(4 * i, pooled[i]);
            }
            return out.array();
        }
    }

    private static int[] dims(Seq<Integer> shape) {
        int[] dims = new int[shape.length()];
        for (int i = 0; i < dims.length; i++) {
            dims[i] = shape.apply(i);
        }
        return dims;
    }
}
