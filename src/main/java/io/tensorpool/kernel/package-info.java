/**
 * PyTorch-exact 2-D pooling on primitive arrays in C order: parameter records, the output-size
 * arithmetic, one class per operator family and the tensor holder they share. No Spark here.
 *
 * <p>The contract is PyTorch 1.13's {@code torch.nn.functional} pooling: the same names,
 * defaults, shapes, values (NaN propagation, signed zeros, divisors) and indices, plus the
 * options ONNX, TensorFlow and BigDL add (asymmetric and automatic padding, dilation on average
 * and Lp pooling, global pooling, integer element types for max-like operators).
 */
package io.tensorpool.kernel;
