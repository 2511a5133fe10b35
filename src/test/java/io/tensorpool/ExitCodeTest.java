package io.tensorpool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tensorpool.config.CommandLine;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Every place that lists the exit codes says what {@link ExitCode} says: {@code --help}, the
 * README's "Exit codes" table and {@code scripts/submit.sh --help}. A code added to the enum or
 * to one of them alone fails here.
 */
class ExitCodeTest {

    private static final Pattern HELP_LINE = Pattern.compile("^  ([0-9]+)  (.*)$", Pattern.MULTILINE);

    @Test
    void codesAreDistinctAndStartAtSuccess() {
        assertEquals(0, ExitCode.SUCCESS.code());
        for (int i = 0; i < ExitCode.values().length; i++) {
            assertEquals(i, ExitCode.values()[i].code(), "codes are 0, 1, 2, ... in order");
        }
    }

    @Test
    void helpListsEveryCodeWithItsMeaning() {
        assertEquals(expectedLines(), helpLines(section(CommandLine.usage(), "Exit codes:")));
    }

    @Test
    void submitScriptHelpListsEveryCodeWithItsMeaning() throws IOException {
        String script = Files.readString(Path.of("scripts/submit.sh"));
        assertEquals(expectedLines(), helpLines(section(script, "Exit codes are the job's")));
    }

    @Test
    void readmeTableHasOneRowPerCodeStartingWithItsMeaning() throws IOException {
        String readme = Files.readString(Path.of("README.md"));
        Map<Integer, String[]> rows = new LinkedHashMap<>();
        for (String line : section(readme, "### Exit codes").lines().toList()) {
            Matcher row = Pattern.compile("^\\| ([0-9]+) \\|(.*)\\|(.*)\\|$").matcher(line);
            if (row.matches()) {
                rows.put(Integer.parseInt(row.group(1)),
                        new String[] {plain(row.group(2)), plain(row.group(3))});
            }
        }
        assertEquals(ExitCode.values().length, rows.size(), "one README row per code: " + rows.keySet());
        for (ExitCode code : ExitCode.values()) {
            String[] row = rows.get(code.code());
            assertTrue(row != null, "README has no row for " + code.code());
            assertTrue(row[0].startsWith(code.meaning()), "README row " + code.code() + " reads \"" + row[0]
                    + "\"; it must start with \"" + code.meaning() + "\"");
            assertEquals(code.retry(), row[1], "README row " + code.code() + "'s retry column");
        }
    }

    private static List<String> expectedLines() {
        List<String> lines = new ArrayList<>();
        for (ExitCode code : ExitCode.values()) {
            lines.add(code.code() + " " + code.meaning());
        }
        return lines;
    }

    private static List<String> helpLines(String text) {
        List<String> lines = new ArrayList<>();
        Matcher line = HELP_LINE.matcher(text);
        while (line.find()) {
            lines.add(line.group(1) + " " + line.group(2));
        }
        return lines;
    }

    /** The text from the line holding {@code heading} to the next blank line. */
    private static String section(String text, String heading) {
        int start = text.indexOf(heading);
        assertTrue(start >= 0, "no \"" + heading + "\" in the text");
        int lineEnd = text.indexOf('\n', start);
        int end = text.indexOf("\n\n", lineEnd + 1);
        return text.substring(lineEnd + 1, end < 0 ? text.length() : end);
    }

    /** A Markdown cell as text: trimmed, without code backticks. */
    private static String plain(String cell) {
        return cell.replace("`", "").strip();
    }
}
