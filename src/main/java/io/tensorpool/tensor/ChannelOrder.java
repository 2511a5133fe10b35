package io.tensorpool.tensor;

/**
 * The order of the colour channels in a decoded image tensor. {@link #RGB} (alpha last, as
 * PIL, torchvision and Hugging Face give them) is the default; {@link #BGR} (OpenCV, Caffe-era
 * models, Spark's image source) is the other. Grayscale images have one channel (two with
 * alpha) and are the same in both orders.
 *
 * <p>Config spelling is the constant's name: {@code RGB} or {@code BGR}.
 */
public enum ChannelOrder {
    RGB,
    BGR;

    /** The spelling in configs. */
    public String configName() {
        return name();
    }

    /**
     * Parses a config value (exact spelling).
     *
     * @throws IllegalArgumentException naming the value and the valid spellings
     */
    public static ChannelOrder fromName(String name) {
        for (ChannelOrder order : values()) {
            if (order.name().equals(name)) {
                return order;
            }
        }
        throw new IllegalArgumentException("unknown channel order '" + name + "'; expected RGB or BGR");
    }
}
