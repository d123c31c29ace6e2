package io.inventiv.agents.worker.agent;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** The last lines of a log file, read from its end so that a large log costs no more than the lines asked for. */
final class LogTail {

    private static final int BLOCK = 64 * 1024;
    /** However long the lines, no answer is larger than this; the first line may then be cut. */
    private static final long MAX_BYTES = 8L * 1024 * 1024;

    private LogTail() {
    }

    /** The last {@code lines} lines, each ending with its line break; empty if the file does not exist. */
    static String lastLines(Path file, int lines) throws IOException {
        if (!Files.isRegularFile(file)) {
            return "";
        }
        try (RandomAccessFile log = new RandomAccessFile(file.toFile(), "r")) {
            long end = log.length();
            long start = end;
            int breaks = 0;
            // a final line break ends the last line; it does not start another
            boolean skipFinalBreak = end > 0 && byteAt(log, end - 1) == '\n';
            byte[] block = new byte[BLOCK];
            while (start > 0 && end - start < MAX_BYTES) {
                int length = (int) Math.min(BLOCK, start);
                log.seek(start - length);
                log.readFully(block, 0, length);
                for (int i = length - 1; i >= 0; i--) {
                    long position = start - length + i;
                    if (block[i] == '\n' && !(skipFinalBreak && position == end - 1) && ++breaks == lines) {
                        return read(log, position + 1, end);
                    }
                }
                start -= length;
            }
            return read(log, start, end);
        }
    }

    private static int byteAt(RandomAccessFile log, long position) throws IOException {
        log.seek(position);
        return log.read();
    }

    private static String read(RandomAccessFile log, long from, long to) throws IOException {
        byte[] bytes = new byte[(int) (to - from)];
        log.seek(from);
        log.readFully(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
