package io.tensorpool;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The build folder of the Spark line under test (pom.xml's {@code tensorpool.build.dir}, given to
 * the tests as a system property): {@code target/} for the default line, a folder of its own for
 * each other line. Tests that start a JVM of their own take its classes and classpath lists here.
 */
public final class BuildFolder {
    private BuildFolder() {
    }

    /** The folder: the system property's, or {@code target} when a test runs outside Maven. */
    public static Path path() {
        return Path.of(System.getProperty("tensorpool.build.dir", "target"));
    }

    /** The file {@code name} in the folder, such as {@code test-classpath.txt}. */
    public static Path resolve(String name) {
        return path().resolve(name);
    }

    /** The main classes, then {@code test-classpath.txt}'s jars: the classpath of the job under test. */
    public static String jobClasspath() throws IOException {
        return resolve("classes") + ":" + Files.readString(resolve("test-classpath.txt")).trim();
    }
}
