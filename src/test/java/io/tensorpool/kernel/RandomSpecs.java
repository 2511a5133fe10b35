package io.tensorpool.kernel;

import java.util.Random;

/**
 * Random pooling parameters for the property tests: mostly valid, sometimes not (zero or
 * negative sizes, padding beyond the rules, divisor_override 0, bad norm types, output sizes
 * below 1), covering every padding form, dilation on all sliding operators, ceil mode,
 * count_include_pad, divisor_override and adaptive sizes above the input size.
 */
final class RandomSpecs {
    private static final double[] NORM_TYPES = {1.0, 2.0, 3.0, 1.5, 0.5, 2.5, 4.0};

    private RandomSpecs() {
    }

    static PoolSpec spec(Random random, PoolSpec.Kind kind) {
        switch (kind) {
            case MAX:
            case AVG:
            case LP:
                return sliding(random, kind);
            case ADAPTIVE_MAX:
            case ADAPTIVE_AVG:
                return new PoolSpec(kind, null, null, null, PoolSpec.PaddingMode.DEFAULT, null, false, false, null, 0,
                        new Integer[] {binCount(random), binCount(random)}, random.nextBoolean());
            case GLOBAL_MAX:
            case GLOBAL_AVG:
                return new PoolSpec(kind, null, null, null, PoolSpec.PaddingMode.DEFAULT, null, false, false, null, 0,
                        null, random.nextBoolean());
            case GLOBAL_LP:
                return new PoolSpec(kind, null, null, null, PoolSpec.PaddingMode.DEFAULT, null, false, false, null,
                        normType(random), null, false);
            default:
                throw new IllegalStateException(kind.toString());
        }
    }

    private static PoolSpec sliding(Random random, PoolSpec.Kind kind) {
        int[] kernel = {size(random, 4), size(random, 4)};
        int[] stride = random.nextInt(4) == 0 ? null : new int[] {size(random, 4), size(random, 4)};
        int[] dilation = random.nextInt(3) == 0 ? null : new int[] {size(random, 3), size(random, 3)};
        PoolSpec.PaddingMode mode = PoolSpec.PaddingMode.values()[random.nextInt(PoolSpec.PaddingMode.values().length)];
        int[] pads = null;
        if (mode == PoolSpec.PaddingMode.SYMMETRIC) {
            int h = pad(random);
            int w = pad(random);
            pads = new int[] {h, w, h, w};
        } else if (mode == PoolSpec.PaddingMode.ASYMMETRIC) {
            pads = new int[] {pad(random), pad(random), pad(random), pad(random)};
        }
        Integer divisorOverride = null;
        if (kind == PoolSpec.Kind.AVG && random.nextInt(4) == 0) {
            divisorOverride = new int[] {-3, -1, 0, 1, 2, 5, 7}[random.nextInt(7)];
        }
        return new PoolSpec(kind, kernel, stride, dilation, mode, pads, random.nextBoolean(), random.nextBoolean(),
                divisorOverride, kind == PoolSpec.Kind.LP ? normType(random) : 0, null, random.nextBoolean());
    }

    /** 1..max, with an occasional 0 or -1 to exercise validation. */
    private static int size(Random random, int max) {
        return random.nextInt(60) == 0 ? -random.nextInt(2) : 1 + random.nextInt(max);
    }

    private static int pad(Random random) {
        return random.nextInt(50) == 0 ? -1 : random.nextInt(4);
    }

    /** Mostly within the input size, sometimes above it (bins repeat), rarely null, 0 or -1. */
    private static Integer binCount(Random random) {
        int roll = random.nextInt(40);
        if (roll == 0) {
            return null;
        }
        if (roll == 1) {
            return -random.nextInt(2);
        }
        return 1 + random.nextInt(12);
    }

    private static double normType(Random random) {
        int roll = random.nextInt(40);
        if (roll == 0) {
            return new double[] {0.0, -2.0, Double.NaN, Double.POSITIVE_INFINITY}[random.nextInt(4)];
        }
        return NORM_TYPES[random.nextInt(NORM_TYPES.length)];
    }
}
