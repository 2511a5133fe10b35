package io.tensorpool.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The scheduler examples under {@code scripts/examples/}: the Airflow DAG loads with Airflow's
 * imports stubbed ({@code src/test/resources/airflow-stubs}; Airflow itself is not installed here),
 * builds the expected command from the run date and maps the job's exit codes to retry or
 * failure; the cron wrapper passes the date's paths and the job's exit code on. Needs python3
 * (CI installs it). About a second.
 */
class SchedulerExamplesTest {
    @TempDir
    Path temp;

    @Test
    void theAirflowDagParsesBuildsTheDaysCommandAndFailsTheTaskOnTheJobsExitCodes() throws Exception {
        Path stubs = JobTestSupport.projectFile("src/test/resources/airflow-stubs");
        ProcessBuilder python = new ProcessBuilder("python3", stubs.resolve("check_example_dag.py").toString(),
                JobTestSupport.projectFile("scripts/examples/airflow/tensorpool_daily.py").toString());
        python.environment().put("PYTHONPATH", stubs.toString());
        python.environment().put("PYTHONDONTWRITEBYTECODE", "1");
        ChildRun check = run(python);
        assertEquals(0, check.exitCode(), check.stdout() + check.stderr());
        assertEquals("OK\n", check.stdout(), check.stderr());
    }

    @Test
    void theCronWrapperRunsTheDaysIncrementalAppendAndPassesTheExitCodeOn() throws Exception {
        Path args = temp.resolve("args.txt");
        Path fake = temp.resolve("submit");
        Files.writeString(fake, "#!/usr/bin/env bash\nprintf '%s\\n' \"$@\" > \"" + args + "\"\nexit \"$FAKE_CODE\"\n");
        Files.setPosixFilePermissions(fake, PosixFilePermissions.fromString("rwx------"));
        String script = JobTestSupport.projectFile("scripts/examples/cron/run-incremental.sh").toString();
        for (Map.Entry<String, String> code : Map.of("0", "done", "1", "failed while running", "2", "refused (exit 2)",
                "3", "too many bad records").entrySet()) {
            ProcessBuilder wrapper = new ProcessBuilder("bash", script, "hdfs:///raw", "hdfs:///pooled", "job.yaml",
                    "2026-12-03");
            wrapper.environment().put("TENSORPOOL_SUBMIT", fake.toString());
            wrapper.environment().put("FAKE_CODE", code.getKey());
            ChildRun ran = run(wrapper);
            assertEquals(Integer.parseInt(code.getKey()), ran.exitCode(), ran.stderr());
            assertTrue(ran.stderr().contains("tensorpool 2026-12-03: " + code.getValue()), ran.stderr());
            assertEquals(List.of("--", "run", "--config", "job.yaml", "--input", "hdfs:///raw/date=2026-12-03",
                    "--output", "hdfs:///pooled/date=2026-12-03", "--mode", "append", "--set",
                    "input.incremental=true"), Files.readAllLines(args));
        }
    }

    private ChildRun run(ProcessBuilder builder) throws Exception {
        Path out = Files.createTempFile(temp, "out", ".txt");
        Path err = Files.createTempFile(temp, "err", ".txt");
        Process process = builder.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        assertTrue(process.waitFor(1, TimeUnit.MINUTES));
        return new ChildRun(process.exitValue(), Files.readString(out), Files.readString(err));
    }
}
