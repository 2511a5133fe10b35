package io.tensorpool.kernel;

/**
 * The one door to the kernels written with the Vector API ({@link VectorMax}, {@link VectorAvg}
 * for float32, {@link VectorBytes} for uint8), and whether it is open.
 *
 * <p>On JDK 17 the Vector API is the incubator module {@code jdk.incubator.vector}: in the boot
 * layer of a JVM started with {@code --add-modules jdk.incubator.vector} (Spark 4's launcher
 * passes it to every driver and executor, and so do the project's scripts and test runs), absent
 * otherwise, and then the vector classes cannot even be loaded. So they are referenced only from
 * the methods here, behind {@link #enabled()}, and with arrays only in their signatures (the
 * verifier of a caller never has to load them). Every method here returns {@code null} when it
 * does not handle the call, and the caller runs its scalar kernel instead.
 *
 * <p>{@code -Dtensorpool.kernels.vector=false} keeps the scalar kernels with the module present:
 * to compare the two, or to rule the vector paths out. Any other value, or none, means "use them
 * if the module is there".
 */
final class VectorKernels {
    /** The system property that forces the scalar kernels when set to {@code false}. */
    static final String PROPERTY = "tensorpool.kernels.vector";

    private static final boolean ENABLED = decide(moduleInBootLayer(), System.getProperty(PROPERTY))
            && VectorLanes.SUPPORTED; // only loaded, and so only evaluated, when the module is there

    private VectorKernels() {
    }

    /** Whether the vector kernels run in this JVM. */
    static boolean enabled() {
        return ENABLED;
    }

    /** Whether {@code jdk.incubator.vector} was resolved at start-up. */
    static boolean moduleInBootLayer() {
        return ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();
    }

    /** The rule: the module must be there, and the property must not say {@code false}. */
    static boolean decide(boolean moduleInBootLayer, String property) {
        return moduleInBootLayer && (property == null || !property.trim().equalsIgnoreCase("false"));
    }

    /** {@link VectorMax#floats}, or {@code null} to take the scalar kernels. */
    static float[] maxFloats(float[] in, int planes, WindowGeometry g, float[] target) {
        return ENABLED && VectorMax.handles(g) ? VectorMax.floats(in, planes, g, target) : null;
    }

    /** {@link VectorAvg#floats}, or {@code null} to take the scalar kernels. */
    static float[] averageFloats(float[] in, int planes, WindowGeometry g, float[] divisor, boolean addToZero,
                                 float[] target) {
        return ENABLED && VectorAvg.handles(g) ? VectorAvg.floats(in, planes, g, divisor, addToZero, target) : null;
    }

    /** {@link VectorBytes#unsignedMax} (uint8), or {@code null} to take the scalar kernels. */
    static byte[] maxUnsignedBytes(byte[] in, int planes, WindowGeometry g, byte[] target) {
        return ENABLED && VectorBytes.handles(g) ? VectorBytes.unsignedMax(in, planes, g, target) : null;
    }
}
