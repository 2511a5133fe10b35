package io.tensorpool.config;

/**
 * {@code input.tensor.channel_order}: the channel order of the image tensor the job pools, for the
 * {@code image} and {@code encoded} layouts and {@code image_files} input. A fourth (alpha)
 * channel stays last in both orders.
 */
public enum ChannelOrder implements ConfigEnum {
    /** Red, green, blue: Spark's BGR image struct is converted. The default. */
    RGB("rgb"),
    /** Blue, green, red: Spark's image struct as stored; decoded PNG/JPEG is converted. */
    BGR("bgr");

    private final String configName;

    ChannelOrder(String configName) {
        this.configName = configName;
    }

    @Override
    public String configName() {
        return configName;
    }

    @Override
    public String toString() {
        return configName;
    }
}
