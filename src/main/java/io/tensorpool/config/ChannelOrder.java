package io.tensorpool.config;

/**
 * {@code input.tensor.channel_order}: the channel order of the image tensor the job pools, for the
 * {@code image} and {@code encoded} layouts and {@code image_files} input. {@link #RGB} is the
 * order PIL, torchvision and Hugging Face give; {@link #BGR} is OpenCV's, Caffe-era models' and
 * Spark's image source's. A fourth (alpha) channel stays last in both orders; grayscale images
 * have one channel (two with alpha) and are the same in both.
 */
public enum ChannelOrder implements ConfigEnum {
    /** Red, green, blue: Spark's BGR image struct is converted. The default. */
    RGB,
    /** Blue, green, red: Spark's image struct as stored; decoded PNG/JPEG is converted. */
    BGR;

    @Override
    public String toString() {
        return configName();
    }
}
