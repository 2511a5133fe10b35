package io.tensorpool.kernel;

/**
 * The plumbing every operator shares, said once: an operator lays windows over each input plane
 * ({@link #windows}) and reduces each window with its kernel ({@link #reduce}); from those two
 * this interface gives {@link #outputShape}, {@link #apply} and {@link #applyInto}. Its nested
 * interfaces say the rest once per family: {@link MaxLike} and {@link Averaging} the output type,
 * {@link Sliding}, {@link Adaptive} and {@link Global} the windows, from the record's own
 * parameters. Each operator record says only what it adds: its name, its parameter checks and
 * its kernel call.
 *
 * <p>Internal to the kernel package: the two hooks take the package's own types, so only the
 * operator records of this package implement it.
 */
sealed interface WindowedOp extends PoolOp
        permits WindowedOp.MaxLike, WindowedOp.Averaging, WindowedOp.Sliding, WindowedOp.Adaptive, WindowedOp.Global {

    /** The max-like operators: they take every element type and keep it. */
    sealed interface MaxLike extends WindowedOp permits MaxPool2d, AdaptiveMaxPool2d, GlobalMaxPool2d {
        @Override
        default ElementType outputType(ElementType input) {
            return input;
        }
    }

    /** The averaging operators (mean and Lp): float64 stays float64, every other type gives float32. */
    sealed interface Averaging extends WindowedOp
            permits AvgPool2d, LpPool2d, AdaptiveAvgPool2d, GlobalAvgPool2d, GlobalLpPool2d {
        @Override
        default ElementType outputType(ElementType input) {
            return input == ElementType.FLOAT64 ? ElementType.FLOAT64 : ElementType.FLOAT32;
        }
    }

    /** Sliding windows (max, avg, lp): the record's kernel size, stride, padding, dilation and ceil mode. */
    sealed interface Sliding extends WindowedOp permits MaxPool2d, AvgPool2d, LpPool2d {
        IntPair kernelSize();

        IntPair stride();

        Padding padding();

        IntPair dilation();

        boolean ceilMode();

        @Override
        default WindowGeometry windows(int[] inputShape) {
            return SlidingWindows.resolve(opName(), inputShape, kernelSize(), stride(), dilation(), padding(),
                    ceilMode());
        }
    }

    /** Adaptive bins: the record's output size, a {@code null} size keeping the input's. */
    sealed interface Adaptive extends WindowedOp permits AdaptiveMaxPool2d, AdaptiveAvgPool2d {
        Integer outputHeight();

        Integer outputWidth();

        @Override
        default WindowGeometry windows(int[] inputShape) {
            return WindowGeometry.adaptiveBins(opName(), inputShape, outputHeight(), outputWidth());
        }
    }

    /** Global pooling: one window, the whole plane. */
    sealed interface Global extends WindowedOp permits GlobalMaxPool2d, GlobalAvgPool2d, GlobalLpPool2d {
        @Override
        default WindowGeometry windows(int[] inputShape) {
            return WindowGeometry.wholePlane(opName(), inputShape);
        }
    }

    /**
     * Where this operator's windows lie on a plane of an input of {@code inputShape}, checking
     * the shape first.
     *
     * @throws IllegalArgumentException naming the operator when the shape is invalid or too small
     */
    WindowGeometry windows(int[] inputShape);

    /**
     * Runs the kernel: reduces every window of every plane of {@code input} into {@code target}
     * (an array of the output's type and length whose every element is overwritten) or, when
     * {@code target} is {@code null}, into a new array.
     */
    PoolResult reduce(Tensor input, WindowGeometry windows, int[] outputShape, Object target);

    @Override
    default int[] outputShape(int[] inputShape) {
        return SlidingWindows.outputShape(inputShape, windows(inputShape));
    }

    @Override
    default PoolResult apply(Tensor input) {
        return run(input, null);
    }

    @Override
    default PoolResult applyInto(Tensor input, Tensor output) {
        return run(input, OutputTarget.of(this, input, output));
    }

    private PoolResult run(Tensor input, Object target) {
        int[] shape = PlaneShapes.requireInput(opName(), input).shape();
        WindowGeometry windows = windows(shape);
        return reduce(input, windows, SlidingWindows.outputShape(shape, windows), target);
    }
}
