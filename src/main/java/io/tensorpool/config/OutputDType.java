package io.tensorpool.config;

import io.tensorpool.kernel.ElementType;

/**
 * {@code output.dtype}: the element type written. {@link #KEEP} writes what the pipeline produces
 * (the input type for max-like ops, float32 or float64 for average-like ops). The tensor codecs'
 * {@code OutputCast} applies it to each pooled tensor.
 *
 * <table>
 *   <caption>What each choice writes</caption>
 *   <tr><th>config</th><th>tensor after the cast</th><th>binary/npy storage</th><th>list output</th></tr>
 *   <tr><td>{@code keep}</td><td>the pooled type (float16/bfloat16 input was widened to float32 on read,
 *       so it stays float32)</td><td>the pooled type</td><td>yes</td></tr>
 *   <tr><td>{@code float32}</td><td>float32</td><td>float32</td><td>yes</td></tr>
 *   <tr><td>{@code float16}</td><td>float32 holding float16 values</td><td>float16</td><td>no</td></tr>
 *   <tr><td>{@code bfloat16}</td><td>float32 holding bfloat16 values</td><td>bfloat16 (binary only)</td><td>no</td></tr>
 *   <tr><td>{@code uint8}</td><td>uint8</td><td>uint8</td><td>yes</td></tr>
 * </table>
 *
 * <p>Float16 and bfloat16 are refused for {@code list} output ({@link #listOutputAllowed()}):
 * Spark and Parquet have no 16-bit float list element, so the job would have to write float32
 * and silently double the size the user asked to halve. They are for {@code binary} output, and
 * float16 for {@code npy} too; numpy has no bfloat16 dtype, so bfloat16 {@code npy} output is
 * refused as well ({@link #npyOutputAllowed()}). The loader checks both against
 * {@code output.layout}, so a config that passes never fails on them after the input is read.
 */
public enum OutputDType implements ConfigEnum {
    /** The pipeline's own output type; the default. */
    KEEP(null),
    FLOAT32(StorageDType.FLOAT32),
    /** Binary and npy layouts only: Spark has no 16-bit float type for a list column. */
    FLOAT16(StorageDType.FLOAT16),
    /** Binary layout only: neither Spark nor the .npy format has a bfloat16 type. */
    BFLOAT16(StorageDType.BFLOAT16),
    UINT8(StorageDType.UINT8);

    /** What binary and npy output store; {@code null} for {@link #KEEP}, which stores the pooled type. */
    private final StorageDType storage;

    OutputDType(StorageDType storage) {
        this.storage = storage;
    }

    /**
     * The element type of the tensor the cast returns for a pooled tensor of {@code pooled}:
     * {@code pooled} for {@link #KEEP}, float32 for the 16-bit types (which are storage-only).
     */
    public ElementType elementType(ElementType pooled) {
        return storage == null ? pooled : storage.decodedType();
    }

    /** The storage type binary and npy output encode the cast tensor with. */
    public StorageDType storageType(ElementType pooled) {
        return storage == null ? StorageDType.of(pooled) : storage;
    }

    /** False for float16 and bfloat16, which Spark cannot hold in an array column. */
    public boolean listOutputAllowed() {
        return this != FLOAT16 && this != BFLOAT16;
    }

    /**
     * False for bfloat16, which numpy has no dtype for ({@link StorageDType#hasNpyDtype()}); the
     * storage of {@link #KEEP} is always a kernel element type, which numpy has.
     */
    public boolean npyOutputAllowed() {
        return storage == null || storage.hasNpyDtype();
    }

    @Override
    public String toString() {
        return configName();
    }
}
