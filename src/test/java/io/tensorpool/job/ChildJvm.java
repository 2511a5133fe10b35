package io.tensorpool.job;

import io.tensorpool.BuildFolder;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The command that starts a class of this project in a JVM of its own, for tests that kill or starve a run. */
final class ChildJvm {
    private ChildJvm() {
    }

    /**
     * {@code java}, the tests' JVM flags (Spark's {@code --add-opens} list), {@code options}, the
     * test classes and the job's classpath of the Spark line under test ({@link BuildFolder}),
     * {@code main} and its {@code arguments}.
     */
    static List<String> command(List<String> options, Class<?> main, String... arguments) throws IOException {
        String classpath = BuildFolder.resolve("test-classes") + ":" + BuildFolder.jobClasspath();
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString()));
        command.addAll(List.of(System.getProperty("tensorpool.jvm.flags", "").trim().split("\\s+")));
        command.addAll(options);
        command.addAll(List.of("-cp", classpath, main.getName()));
        command.addAll(List.of(arguments));
        command.removeIf(String::isEmpty);
        return command;
    }
}
