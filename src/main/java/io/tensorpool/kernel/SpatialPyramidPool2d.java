package io.tensorpool.kernel;

import java.util.List;

/**
 * {@code spatial_pyramid_pool2d}: spatial pyramid pooling (He et al. 2014), adaptive max pooling
 * of each plane to every level's {@code l x l} bins, flattened and concatenated per sample, as
 * {@code torch.cat([F.adaptive_max_pool2d(x, l).flatten(1) for l in levels], dim=1)} computes on a
 * batch {@code x} of shape {@code (N, C, H, W)}.
 *
 * <p>Output layout: rank 2, {@code [N, C * sum(l * l)]}; a record of shape {@code (C, H, W)} is one
 * sample ({@code [1, C * sum(l * l)]}) and one of shape {@code (H, W)} one sample of one channel
 * ({@code [1, sum(l * l)]}). Within a sample the values run level by level in the order of
 * {@code levels}, then channel, then bin row, then bin column: the value of level {@code k},
 * channel {@code c}, bin {@code (i, j)} is at
 * {@code C * (l_0^2 + ... + l_(k-1)^2) + c * l_k^2 + i * l_k + j}. Each value is bit for bit that
 * of {@link AdaptiveMaxPool2d} with output size {@code l_k} (PyTorch's NaN and tie rules).
 * Since the output is no longer a stack of planes, it is the last operator of its pipeline.
 *
 * @param levels the bins per side of each level, in output order, each at least 1, e.g. {@code [1, 2, 4]}
 */
public record SpatialPyramidPool2d(List<Integer> levels) implements PoolOp {

    /** The operator's name as users write it in a config. */
    public static final String NAME = "spatial_pyramid_pool2d";

    public SpatialPyramidPool2d {
        if (levels == null || levels.isEmpty()) {
            throw new IllegalArgumentException(NAME + ": levels must list at least one level, such as [1, 2, 4]");
        }
        for (Integer level : levels) {
            if (level == null || level < 1) {
                throw new IllegalArgumentException(NAME + ": levels " + levels + " must all be ints >= 1");
            }
        }
        levels = List.copyOf(levels);
    }

    @Override
    public String opName() {
        return NAME;
    }

    @Override
    public ElementType outputType(ElementType input) {
        return input;
    }

    /** Bins per sample and channel: the sum of {@code l * l} over the levels. */
    public long binsPerChannel() {
        long bins = 0;
        for (int level : levels) {
            bins += (long) level * level;
        }
        return bins;
    }

    @Override
    public int[] outputShape(int[] inputShape) {
        PlaneShapes.checkInput(NAME, inputShape);
        int samples = inputShape.length == 4 ? inputShape[0] : 1;
        long channels = inputShape.length >= 3 ? inputShape[inputShape.length - 3] : 1;
        long perSample = channels * binsPerChannel();
        if (perSample > Integer.MAX_VALUE) {
            throw new ShapeTooLargeException(NAME + ": input of shape " + PlaneShapes.format(inputShape)
                    + " gives " + perSample + " values per sample, more than one array holds");
        }
        int[] shape = {samples, (int) perSample};
        try {
            Tensor.elementCount(shape);
        } catch (ShapeTooLargeException e) {
            throw new ShapeTooLargeException(NAME + ": input of shape " + PlaneShapes.format(inputShape)
                    + " gives an output whose " + e.getMessage());
        }
        return shape;
    }

    @Override
    public PoolResult apply(Tensor input) {
        int[] shape = outputShape(PlaneShapes.requireInput(NAME, input).shape());
        return pool(input, shape, input.type().newArray((int) Tensor.elementCount(shape)));
    }

    @Override
    public PoolResult applyInto(Tensor input, Tensor output) {
        Object target = OutputTarget.of(this, input, output);
        return pool(input, output.shape(), target);
    }

    /** One adaptive max pool per level, each copied, a sample at a time, to its place in the output. */
    private PoolResult pool(Tensor input, int[] shape, Object target) {
        int samples = shape[0];
        int perSample = shape[1];
        int channels = input.rank() >= 3 ? input.shape()[input.rank() - 3] : 1;
        int levelStart = 0;
        for (int level : levels) {
            Object levelValues = new AdaptiveMaxPool2d(level, level, false).apply(input).values().data();
            int chunk = channels * level * level;
            for (int n = 0; n < samples; n++) {
                System.arraycopy(levelValues, n * chunk, target, n * perSample + levelStart, chunk);
            }
            levelStart += chunk;
        }
        return new PoolResult(Tensor.of(input.type(), target, shape), null);
    }
}
