package io.tensorpool.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The tests (pom.xml) and the run scripts (scripts/lib/common.sh) give Spark the same JVM flags. */
class JvmFlagsTest {
    @Test
    void pomAndScriptsAgree() throws IOException {
        Matcher pom = Pattern.compile("<spark.jvm.flags>(.*?)</spark.jvm.flags>", Pattern.DOTALL)
                .matcher(Files.readString(Path.of("pom.xml")));
        Matcher script = Pattern.compile("SPARK_JAVA17_FLAGS=\\((.*?)\\)", Pattern.DOTALL)
                .matcher(Files.readString(Path.of("scripts/lib/common.sh")));
        assertFalse(!pom.find() || !script.find(), "both files define the flags");
        List<String> fromPom = Arrays.asList(pom.group(1).trim().split("\\s+"));
        List<String> fromScript = Arrays.asList(script.group(1).trim().split("\\s+"));
        assertEquals(fromPom, fromScript);
        assertEquals("-XX:+IgnoreUnrecognizedVMOptions", fromPom.get(0), "must come before flags Java 17 may not know");
    }
}
