package io.tensorpool.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Sizes in bytes as config values: an int of bytes, or a number with k, m, g or t (powers of 1024). */
final class ByteSizes {
    /** The value that asks for no size target. */
    static final String NONE = "none";
    /** The smallest {@code output.target_file_bytes}: below 64 KiB a file is mostly footer. */
    static final long MIN_TARGET_FILE_BYTES = 65_536;
    private static final Pattern SIZE = Pattern.compile("(\\d{1,12})\\s*([kmgt]?)b?");

    private ByteSizes() {
    }

    /** {@code output.target_file_bytes}: a size of at least {@link #MIN_TARGET_FILE_BYTES}, or 0 for {@code none}. */
    static Long targetFileBytes(JsonNode value, KeyPath path) {
        String expected = "a size from 64k, such as 128m or 1g (or an int of bytes), or none";
        if (value.isTextual() && value.textValue().trim().equalsIgnoreCase(NONE)) {
            return 0L;
        }
        Long bytes = value.isIntegralNumber() && value.canConvertToLong() ? Long.valueOf(value.longValue())
                : value.isTextual() ? parse(value.textValue()) : null;
        if (bytes == null || bytes < MIN_TARGET_FILE_BYTES) {
            throw Values.wrong(value, path, expected);
        }
        return bytes;
    }

    /** The bytes {@code text} says, or null when it is not a size. */
    static Long parse(String text) {
        Matcher matcher = SIZE.matcher(text.trim().toLowerCase(Locale.ROOT));
        if (!matcher.matches()) {
            return null;
        }
        int shift = switch (matcher.group(2)) {
            case "k" -> 10;
            case "m" -> 20;
            case "g" -> 30;
            case "t" -> 40;
            default -> 0;
        };
        long number = Long.parseLong(matcher.group(1));
        return number > (Long.MAX_VALUE >> shift) ? null : number << shift;
    }
}
