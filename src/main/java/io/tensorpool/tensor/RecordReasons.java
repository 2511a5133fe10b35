package io.tensorpool.tensor;

/**
 * The stable {@link BadRecordException#reason()} keys the codecs of this package raise. The
 * run report counts rejected records by these keys, so they never change spelling.
 */
public final class RecordReasons {
    /** The cell (or a required struct field) is null. */
    public static final String NULL_TENSOR = "null_tensor";
    /** A byte count that is not a whole number of elements, or a header/data cut short. */
    public static final String TRUNCATED_BYTES = "truncated_bytes";
    /** The data holds a different number of elements than the shape needs, or the rank does not fit the dim order. */
    public static final String SHAPE_MISMATCH = "shape_mismatch";
    /** The shape itself cannot be pooled: rank outside 2..4, or a dimension below 1. */
    public static final String INVALID_SHAPE = "invalid_shape";
    /**
     * The shape's element count (or one dimension) is above what one array holds
     * ({@link io.tensorpool.kernel.Tensor#MAX_ELEMENTS}), however it was given: a shape column, a
     * header, the nesting, an image struct; or the output an operator would give for the record.
     */
    public static final String SHAPE_TOO_LARGE = "shape_too_large";
    /** The cell does not start with the {@code \x93NUMPY} magic. */
    public static final String BAD_NPY_MAGIC = "bad_npy_magic";
    /** A {@code .npy} format version other than 1.0, 2.0 or 3.0. */
    public static final String NPY_UNSUPPORTED_VERSION = "npy_unsupported_version";
    /** The {@code .npy} header is not the dict literal numpy writes. */
    public static final String BAD_NPY_HEADER = "bad_npy_header";
    /** A {@code .npy} dtype other than u1 i1 i2 i4 i8 f2 f4 f8 (bool, complex, strings, structured...). */
    public static final String NPY_UNSUPPORTED_DTYPE = "npy_unsupported_dtype";
    /** A {@code .npy} object array: a pickle, never unpickled. */
    public static final String NPY_OBJECT_DTYPE = "npy_object_dtype";
    /** PNG/JPEG bytes that do not decode, or an image of a kind we do not convert. */
    public static final String UNDECODABLE_IMAGE = "undecodable_image";
    /**
     * A PNG/JPEG whose header claims a size that would take more memory to decode than one
     * record may ({@link ImageDecoder}), refused before any pixel is decoded.
     */
    public static final String IMAGE_TOO_LARGE = "image_too_large";
    /** A Spark image struct with mode -1, inconsistent fields or a data length that does not fit. */
    public static final String INVALID_IMAGE = "invalid_image";
    /** A NaN met while casting the output to uint8. */
    public static final String NAN_TO_UINT8 = "nan_to_uint8";

    /** A list or nested cell holds a null element. */
    public static final String NULL_ELEMENT = "null_element";

    /** The shape column of the record is null. */
    public static final String NULL_SHAPE = "null_shape";

    /** A nested cell's sub-arrays of one level differ in length. */
    public static final String RAGGED_NESTED = "ragged_nested";

    /** An {@code .npy} cell's element type differs from the first record's. */
    public static final String DTYPE_MISMATCH = "dtype_mismatch";

    /** The record is smaller than the operators' window: an output axis would have no cell. */
    public static final String TOO_SMALL_FOR_WINDOW = "too_small_for_window";

    private RecordReasons() {
    }
}
