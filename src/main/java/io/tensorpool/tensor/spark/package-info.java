/**
 * Adapters between Spark's own values and kernel tensors: the {@code list} and {@code nested}
 * layouts' internal arrays (read and written as bulk copies, never element by element through
 * boxed values) and the mapping of Spark's numeric SQL types. The only part of the tensor layer
 * that knows Spark; it never needs a session.
 */
package io.tensorpool.tensor.spark;
