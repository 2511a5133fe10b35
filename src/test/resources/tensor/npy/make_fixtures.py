"""Writes the .npy fixtures of NpyCodecTest with numpy's own writer.

Run from this folder: python3 make_fixtures.py (numpy 2.4.6 made the committed files).
The tests only read the files; they never need python. Each array is a simple formula of
its C-order flat index k, which the test recomputes in Java.
"""
import numpy as np
from numpy.lib import format as npformat


def write(name, array, version=None, allow_pickle=False):
    with open(name, "wb") as f:
        if version is None:
            np.save(f, array, allow_pickle=allow_pickle)
        else:
            npformat.write_array(f, array, version=version, allow_pickle=allow_pickle)


k = np.arange
# float32, C order, rank 3: value 0.5 * k - 7
write("f4_c_3x4x5.npy", (k(60, dtype=np.float32) * 0.5 - 7).reshape(3, 4, 5))
# int16 big-endian, Fortran order, rank 2: value 300 * k - 1000
write("i2_be_fortran_4x3.npy", np.asfortranarray((k(12) * 300 - 1000).astype(">i2").reshape(4, 3)))
# float16 little-endian, C order, rank 4: value k / 8 - 3
write("f2_2x3x4x5.npy", (k(120) / 8 - 3).astype("<f2").reshape(2, 3, 4, 5))
# uint8 in format version 2.0: value 40 * k
write("u1_v2_2x3.npy", (k(6) * 40).astype(np.uint8).reshape(2, 3), version=(2, 0))
# float64 big-endian in format version 3.0 (UTF-8 header): value k / 3
write("f8_be_v3_2x2.npy", (k(4) / 3).astype(">f8").reshape(2, 2), version=(3, 0))
# An object array: a pickle the codec must refuse.
write("object_2x2.npy", np.array([[1, "a"], [None, 2.5]], dtype=object), allow_pickle=True)
# A bool array.
write("bool_2x2.npy", np.array([[True, False], [False, True]]))

# An independent oracle for float16 rounding: numpy's own float32 -> float16 and
# float64 -> float16 casts (each rounds once, to nearest even) on values around float16's
# range, every float16 midpoint and its float32 neighbours, and the special values.
rng = np.random.default_rng(16)
mids = (np.arange(0x7C00, dtype=np.uint16).view(np.float16).astype(np.float64)
        + np.arange(1, 0x7C01, dtype=np.uint16).view(np.float16).astype(np.float64).clip(max=65536)) / 2
mids32 = mids.astype(np.float32)[::29]
f32 = np.concatenate([
    mids32, np.nextafter(mids32, np.float32(np.inf)), np.nextafter(mids32, np.float32(-np.inf)),
    (rng.standard_normal(1500) * np.exp2(rng.integers(-28, 18, 1500))).astype(np.float32),
    rng.integers(0, 2**32, 1000, dtype=np.uint64).astype(np.uint32).view(np.float32),
    np.array([0.0, -0.0, np.inf, -np.inf, 65504, 65519.99, 65520, 2.0**-24, 2.0**-25, 2.0**-26], dtype=np.float32),
])
f32 = f32[~np.isnan(f32)].reshape(1, -1)
with np.errstate(over="ignore"):
    write("half_rounding_f4.npy", f32)
    write("half_rounding_f4_as_f2.npy", f32.astype(np.float16))
    f64 = np.concatenate([
        mids[::29] + mids[::29] * 2.0**-30, mids[::29] - mids[::29] * 2.0**-30,
        rng.standard_normal(1500) * np.exp2(rng.integers(-28, 18, 1500)),
    ]).reshape(1, -1)
    write("half_rounding_f8.npy", f64)
    write("half_rounding_f8_as_f2.npy", f64.astype(np.float16))
