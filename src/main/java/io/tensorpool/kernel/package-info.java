/**
 * PyTorch-exact 2-D pooling on primitive arrays in C order: parameter records, the output-size
 * arithmetic, one class per operator family and the tensor holder they share. No Spark here.
 *
 * <p>The contract is PyTorch 1.13's {@code torch.nn.functional} pooling: the same names,
 * defaults, shapes, values (NaN propagation, signed zeros, divisors) and indices, plus the
 * options ONNX, TensorFlow and BigDL add (asymmetric and automatic padding, dilation on average
 * and Lp pooling, global pooling, integer element types for max-like operators).
 *
 * <p>Layout: the operator records ({@link io.tensorpool.kernel.MaxPool2d} and the rest) validate
 * their parameters and resolve their windows ({@link io.tensorpool.kernel.OutputSize} for the
 * output length of an axis); package-private {@code WindowGeometry} / {@code AxisWindows} hold
 * each call's windows once for all planes and types; {@code MaxPoolKernels},
 * {@code AvgPoolKernels} and {@code LpPoolKernels} are the per-type loops, and
 * {@code SeparableMax} the fast path of max pooling without indices (separable maxima with an exact
 * fix-up of zero and NaN cells). With {@code jdk.incubator.vector} in the JVM, float32 max and
 * average pooling of 2x2 and 3x3 sliding windows take the Vector API kernels {@code VectorMax} and
 * {@code VectorAvg}, through {@code VectorKernels}, the only class that refers to them; without
 * it, or with {@code -Dtensorpool.kernels.vector=false}, the scalar kernels run. Every operator can pool into a caller's output
 * ({@link io.tensorpool.kernel.PoolOp#applyInto}). The naive reference the kernels are tested
 * against lives in the tests; {@code docs/performance.md} has the measurements.
 */
package io.tensorpool.kernel;
