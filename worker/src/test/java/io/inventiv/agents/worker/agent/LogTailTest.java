package io.inventiv.agents.worker.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogTailTest {

    @TempDir
    Path dir;

    @Test
    void the_last_lines_are_returned_whole_even_across_read_blocks() throws IOException {
        Path log = dir.resolve("engine.log");
        Files.writeString(log, IntStream.rangeClosed(1, 20_000).mapToObj(i -> "line " + i + "\n")
                .collect(Collectors.joining()));

        assertThat(LogTail.lastLines(log, 3)).isEqualTo("line 19998\nline 19999\nline 20000\n");
        assertThat(LogTail.lastLines(log, 12_000).lines()).hasSize(12_000).first().isEqualTo("line 8001");
    }

    @Test
    void a_short_log_is_returned_whole_and_an_unfinished_last_line_counts() throws IOException {
        Path log = dir.resolve("agent.log");
        Files.writeString(log, "one\ntwo\nthree");

        assertThat(LogTail.lastLines(log, 2)).isEqualTo("two\nthree");
        assertThat(LogTail.lastLines(log, 10)).isEqualTo("one\ntwo\nthree");
    }

    @Test
    void a_missing_log_is_empty() throws IOException {
        assertThat(LogTail.lastLines(dir.resolve("absent.log"), 10)).isEmpty();
    }
}
