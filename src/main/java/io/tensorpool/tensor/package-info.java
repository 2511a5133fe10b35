/**
 * Tensor codecs: turn one column value into a kernel {@link io.tensorpool.kernel.Tensor} and a
 * pooled tensor back into bytes. Pure Java and {@code javax.imageio}; no Spark. The adapters to
 * Spark's own values (the {@code list} and {@code nested} layouts' internal arrays, Spark's SQL
 * numeric types) live in {@link io.tensorpool.tensor.spark}. Every class is a stateless final utility, safe to call from many executor
 * threads and cheap to capture in a per-partition function.
 *
 * <p>The codecs speak the config's vocabulary: they take the enums the loader binds,
 * {@link io.tensorpool.config.StorageDType}, {@link io.tensorpool.config.DimOrder},
 * {@link io.tensorpool.config.ChannelOrder} and {@link io.tensorpool.config.OutputDType}, which
 * carry the facts both sides need (sizes, decoded types, ranks, which output layouts a dtype
 * allows). The behaviour on tensors (decoding, transposing, casting) lives here.
 *
 * <h2>Reading (one class per layout of {@code docs/tensor-layouts.md})</h2>
 * <ul>
 *   <li>{@code binary}: {@link io.tensorpool.tensor.RawTensorCodec#decode} with a
 *       {@link io.tensorpool.config.StorageDType} and a shape;</li>
 *   <li>{@code npy}: {@link io.tensorpool.tensor.NpyCodec#decode};</li>
 *   <li>{@code encoded}: {@link io.tensorpool.tensor.ImageDecoder#decode} (PNG, JPEG) with a
 *       {@link io.tensorpool.config.ChannelOrder};</li>
 *   <li>{@code image}: {@link io.tensorpool.tensor.SparkImageStruct#fromImageFields} with a
 *       {@link io.tensorpool.config.ChannelOrder};</li>
 *   <li>then {@link io.tensorpool.tensor.DimOrders#toChannelsFirst} for NHWC/HWC records.</li>
 * </ul>
 *
 * <h2>Writing</h2>
 * Output is channels-first, as pooled:
 * {@link io.tensorpool.tensor.OutputCast#apply} for the {@link io.tensorpool.config.OutputDType},
 * then {@link io.tensorpool.tensor.RawTensorCodec#encode} or
 * {@link io.tensorpool.tensor.NpyCodec#encode} with
 * {@link io.tensorpool.config.OutputDType#storageType}; {@code list} output takes the cast
 * tensor's primitive array as is.
 *
 * <h2>Bad records</h2>
 * Every problem with one cell is a {@link io.tensorpool.tensor.BadRecordException} whose message
 * names the column and whose {@code reason} is one of the keys in
 * {@link io.tensorpool.tensor.RecordReasons}. Nothing is ever turned into zeros or a partial
 * tensor. Caller mistakes (encoding a float64 tensor as float32 without a cast, bfloat16 npy
 * output) are {@link java.lang.IllegalArgumentException}s.
 */
package io.tensorpool.tensor;
