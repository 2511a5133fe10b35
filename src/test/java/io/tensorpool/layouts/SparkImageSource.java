package io.tensorpool.layouts;

import io.tensorpool.job.sparkline.SparkLine;
import java.awt.Color;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.apache.spark.SparkThrowable;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What {@code spark.read().format("image").option("dropInvalid", false).load(folder)} gives.
 *
 * <p>Spark's image source lives in {@code spark-mllib} ({@code org.apache.spark.ml.source.image}),
 * which this project does not depend on; when the session finds the {@code image} format it is
 * used as is. Without it, the folder is read by Spark's {@code binaryFile} source and each file
 * goes through a line-by-line port of Spark's {@code ImageSchema.decode} (Spark 4's
 * {@code mllib/src/main/scala/org/apache/spark/ml/image/ImageSchema.scala}): the same
 * {@code ImageIO.read}, gray samples from the raster, colour from {@code getRGB} stored as B, G,
 * R(, A) row by row, the same schema, and for a file {@code ImageIO} cannot read the same
 * invalid row {@code (origin, -1, -1, -1, -1, empty data)}.
 */
final class SparkImageSource {
    private static final Logger LOG = LoggerFactory.getLogger(SparkImageSource.class);

    /** {@code ImageSchema.columnSchema}, field by field with its nullability. */
    static final StructType COLUMN_SCHEMA = new StructType()
            .add("origin", DataTypes.StringType, true)
            .add("height", DataTypes.IntegerType, false)
            .add("width", DataTypes.IntegerType, false)
            .add("nChannels", DataTypes.IntegerType, false)
            .add("mode", DataTypes.IntegerType, false)
            .add("data", DataTypes.BinaryType, false);

    /** {@code ImageSchema.imageSchema}: one nullable column {@code image}. */
    static final StructType IMAGE_SCHEMA = new StructType().add("image", COLUMN_SCHEMA, true);

    private SparkImageSource() {
    }

    static Dataset<Row> load(SparkSession spark, String folder) {
        try {
            Dataset<Row> images = spark.read().format("image").option("dropInvalid", "false").load(folder);
            LOG.info("Read {} with Spark's image source", folder);
            return images;
        } catch (Exception e) {
            if (!(e instanceof SparkThrowable t) || !"DATA_SOURCE_NOT_FOUND".equals(SparkLine.get().errorCondition(t))) {
                throw e;
            }
        }
        LOG.info("Spark's image source (spark-mllib) is not on the classpath; reading {} with binaryFile and"
                + " ImageSchema.decode's port", folder);
        List<Row> rows = new ArrayList<>();
        for (Row file : spark.read().format("binaryFile").load(folder).select("path", "content").collectAsList()) {
            String origin = file.getString(0);
            Row decoded = decode(origin, (byte[]) file.get(1));
            rows.add(decoded != null ? decoded : invalidImageRow(origin));
        }
        return spark.createDataFrame(rows, IMAGE_SCHEMA).repartition(2);
    }

    /** {@code ImageSchema.invalidImageRow}. */
    static Row invalidImageRow(String origin) {
        return RowFactory.create(RowFactory.create(origin, -1, -1, -1, -1, new byte[0]));
    }

    /** {@code ImageSchema.decode}, or null where it returns {@code None}. */
    static Row decode(String origin, byte[] bytes) {
        BufferedImage img;
        try {
            img = ImageIO.read(new ByteArrayInputStream(bytes));
        } catch (IOException e) {
            return null;
        }
        if (img == null) {
            return null;
        }
        boolean isGray = img.getColorModel().getColorSpace().getType() == ColorSpace.TYPE_GRAY;
        boolean hasAlpha = img.getColorModel().hasAlpha();
        int height = img.getHeight();
        int width = img.getWidth();
        int nChannels = isGray ? 1 : hasAlpha ? 4 : 3;
        int mode = isGray ? 0 : hasAlpha ? 24 : 16;
        byte[] decoded = new byte[height * width * nChannels];
        int offset = 0;
        if (isGray) {
            for (int h = 0; h < height; h++) {
                for (int w = 0; w < width; w++) {
                    decoded[offset] = (byte) img.getRaster().getSample(w, h, 0);
                    offset += 1;
                }
            }
        } else {
            for (int h = 0; h < height; h++) {
                for (int w = 0; w < width; w++) {
                    Color color = new Color(img.getRGB(w, h), nChannels == 4);
                    decoded[offset] = (byte) color.getBlue();
                    decoded[offset + 1] = (byte) color.getGreen();
                    decoded[offset + 2] = (byte) color.getRed();
                    if (nChannels == 4) {
                        decoded[offset + 3] = (byte) color.getAlpha();
                    }
                    offset += nChannels;
                }
            }
        }
        return RowFactory.create(RowFactory.create(origin, height, width, nChannels, mode, decoded));
    }
}
