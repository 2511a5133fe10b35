package io.tensorpool.kernel;

import java.util.List;

/**
 * An ordered list of pooling operators applied one after another to each record. Only the last
 * operator may return indices (they index the input of that operator, PyTorch's convention).
 */
public record PoolPipeline(List<PoolOp> ops) implements java.io.Serializable {

    public PoolPipeline {
        if (ops == null || ops.isEmpty()) {
            throw new IllegalArgumentException("pool pipeline: needs at least one operator");
        }
        for (int i = 0; i < ops.size(); i++) {
            PoolOp op = ops.get(i);
            if (op == null) {
                throw new IllegalArgumentException("pool pipeline: operator " + (i + 1) + " of " + ops.size()
                        + " is missing");
            }
            if (op instanceof SpatialPyramidPool2d && i < ops.size() - 1) {
                throw new IllegalArgumentException("pool pipeline: operator " + (i + 1) + " of " + ops.size()
                        + " (" + op.opName() + ") flattens its input, so it must be the last operator");
            }
            if (op.returnIndices() && i < ops.size() - 1) {
                throw new IllegalArgumentException("pool pipeline: operator " + (i + 1) + " of " + ops.size()
                        + " (" + op.opName() + ") sets return_indices, but only the last operator may return"
                        + " indices");
            }
        }
        ops = List.copyOf(ops);
    }

    /** True when the last operator returns indices. */
    public boolean returnsIndices() {
        return !ops.isEmpty() && ops.get(ops.size() - 1).returnIndices();
    }

    /** The output element type for an input of {@code input}, through every operator in turn. */
    public ElementType outputType(ElementType input) {
        ElementType type = input;
        for (PoolOp op : ops) {
            type = op.outputType(type);
        }
        return type;
    }

    /** The output shape for an input of {@code inputShape}, through every operator in turn. */
    public int[] outputShape(int[] inputShape) {
        int[] shape = inputShape;
        for (PoolOp op : ops) {
            shape = op.outputShape(shape);
        }
        return shape;
    }

    /** Runs every operator in order; the indices, if any, come from the last one. */
    public PoolResult apply(Tensor input) {
        PoolResult result = new PoolResult(input, null);
        for (PoolOp op : ops) {
            result = op.apply(result.values());
        }
        return result;
    }
}
