package io.tensorpool.kernel;

/**
 * {@code tensor.pow(e)} for a scalar exponent the way PyTorch's CPU kernel computes it
 * ({@code pow_Tensor_Scalar} and {@code PowKernel.cpp}), in the tensor's precision:
 * {@code e == 1} copies, {@code e == 0.5} is a square root, {@code e == 2} is {@code x * x},
 * {@code e == 3} is {@code x * x * x}, all in the tensor's type; any other exponent goes through
 * the double-precision {@code pow}, rounded to the tensor's type.
 *
 * <p>The special cases matter beyond speed: {@code sqrt(-inf)} is NaN where {@code pow(-inf, 0.5)}
 * is {@code +inf}, and {@code x * x * x} in float32 rounds twice. Java's {@code Math.pow} differs
 * from C's {@code pow} for {@code |x| == 1} with an infinite exponent (NaN instead of 1); that
 * case is mapped to C's answer. Only positive exponents reach these functions (p and 1/p with
 * p > 0).
 */
final class TorchPow {

    private TorchPow() {
    }

    static float pow(float x, double e) {
        if (e == 1.0) {
            return x;
        }
        if (e == 0.5) {
            return (float) Math.sqrt(x);
        }
        if (e == 2.0) {
            return x * x;
        }
        if (e == 3.0) {
            return x * x * x;
        }
        return (float) cPow(x, e);
    }

    static double pow(double x, double e) {
        if (e == 1.0) {
            return x;
        }
        if (e == 0.5) {
            return Math.sqrt(x);
        }
        if (e == 2.0) {
            return x * x;
        }
        if (e == 3.0) {
            return x * x * x;
        }
        return cPow(x, e);
    }

    /** C99 {@code pow}: like {@code Math.pow} except {@code pow(±1, ±inf) = 1}. */
    private static double cPow(double x, double e) {
        if (Double.isInfinite(e) && Math.abs(x) == 1.0) {
            return 1.0;
        }
        return Math.pow(x, e);
    }
}
