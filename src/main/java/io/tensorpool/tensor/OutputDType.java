package io.tensorpool.tensor;

import io.tensorpool.config.StorageDType;
import io.tensorpool.kernel.ElementType;

/**
 * The element type the job writes, applied to each pooled tensor by {@link OutputCast}.
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
 * <p>Float16 and bfloat16 are refused for {@code list} output (check {@link #listOutputAllowed()}
 * when validating the config): Spark and Parquet have no 16-bit float list element, so the job
 * would have to write float32 and silently double the size the user asked to halve. They are
 * for {@code binary} output, and float16 for {@code npy} too; numpy has no bfloat16 dtype, so
 * bfloat16 {@code npy} output is refused as well ({@link #npyOutputAllowed()}).
 */
public enum OutputDType {
    KEEP("keep"),
    FLOAT32("float32"),
    FLOAT16("float16"),
    BFLOAT16("bfloat16"),
    UINT8("uint8");

    private final String configName;

    OutputDType(String configName) {
        this.configName = configName;
    }

    /** The lower-case spelling in configs. */
    public String configName() {
        return configName;
    }

    /**
     * Parses a config value (exact spelling).
     *
     * @throws IllegalArgumentException naming the value and the valid spellings
     */
    public static OutputDType fromName(String name) {
        for (OutputDType type : values()) {
            if (type.configName.equals(name)) {
                return type;
            }
        }
        throw new IllegalArgumentException("unknown output dtype '" + name
                + "'; expected one of keep, float32, float16, bfloat16, uint8");
    }

    /** The element type of the tensor {@link OutputCast#apply} returns for a pooled tensor of {@code pooled}. */
    public ElementType elementType(ElementType pooled) {
        return switch (this) {
            case KEEP -> pooled;
            case FLOAT32, FLOAT16, BFLOAT16 -> ElementType.FLOAT32;
            case UINT8 -> ElementType.UINT8;
        };
    }

    /** The storage type binary and npy output encode the cast tensor with. */
    public StorageDType storageType(ElementType pooled) {
        return switch (this) {
            case KEEP -> StorageDType.of(pooled);
            case FLOAT32 -> StorageDType.FLOAT32;
            case FLOAT16 -> StorageDType.FLOAT16;
            case BFLOAT16 -> StorageDType.BFLOAT16;
            case UINT8 -> StorageDType.UINT8;
        };
    }

    /** False for float16 and bfloat16, which Spark cannot hold in an array column. */
    public boolean listOutputAllowed() {
        return this != FLOAT16 && this != BFLOAT16;
    }

    /** False for bfloat16, which numpy has no dtype for. */
    public boolean npyOutputAllowed() {
        return this != BFLOAT16;
    }

    @Override
    public String toString() {
        return configName;
    }
}
