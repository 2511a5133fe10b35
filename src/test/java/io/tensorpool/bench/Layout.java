package io.tensorpool.bench;

import java.util.Locale;

/** The two tensor layouts the benchmark measures (see {@code docs/tensor-layouts.md}). */
enum Layout {
    /** {@code array<float>}, flat, C order. */
    LIST,
    /** {@code binary}: raw little-endian float32, C order. */
    BINARY;

    String configName() {
        return name().toLowerCase(Locale.ROOT);
    }

    static Layout parse(String name) {
        for (Layout layout : values()) {
            if (layout.configName().equals(name.trim().toLowerCase(Locale.ROOT))) {
                return layout;
            }
        }
        throw new IllegalArgumentException("unknown layout '" + name + "': list or binary");
    }
}
