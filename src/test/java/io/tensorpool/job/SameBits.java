package io.tensorpool.job;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.apache.spark.sql.Row;

/**
 * Equality of values read back from Spark, with floats and doubles compared by their bits (NaN
 * equals the same NaN, -0.0 differs from 0.0), through rows, Scala and Java lists and byte arrays.
 */
public final class SameBits {
    private SameBits() {
    }

    public static boolean same(Object a, Object b) {
        if (a instanceof Float x && b instanceof Float y) {
            return Float.floatToRawIntBits(x) == Float.floatToRawIntBits(y);
        }
        if (a instanceof Double x && b instanceof Double y) {
            return Double.doubleToRawLongBits(x) == Double.doubleToRawLongBits(y);
        }
        if (a instanceof byte[] x && b instanceof byte[] y) {
            return Arrays.equals(x, y);
        }
        if (a instanceof Row x && b instanceof Row y) {
            return same(javaList(x.toSeq()), javaList(y.toSeq()));
        }
        if (a instanceof scala.collection.Seq<?> x && b instanceof scala.collection.Seq<?> y) {
            return same(javaList(x), javaList(y));
        }
        if (a instanceof List<?> x && b instanceof List<?> y) {
            if (x.size() != y.size()) {
                return false;
            }
            for (int i = 0; i < x.size(); i++) {
                if (!same(x.get(i), y.get(i))) {
                    return false;
                }
            }
            return true;
        }
        return Objects.equals(a, b);
    }

    /** A Scala sequence's elements, by index: the same calls on Scala 2.12 and 2.13. */
    private static List<Object> javaList(scala.collection.Seq<?> seq) {
        List<Object> list = new ArrayList<>();
        for (int i = 0; i < seq.length(); i++) {
            list.add(seq.apply(i));
        }
        return list;
    }
}
