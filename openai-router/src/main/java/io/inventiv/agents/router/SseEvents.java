package io.inventiv.agents.router;

import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * Cuts a server-sent event stream, as it arrives in pieces of any size, into the data of its events: an
 * event ends at a blank line, its {@code data:} lines are joined by new lines (the SSE rules). Comments
 * and other fields are dropped; the engines send none that a client needs.
 */
final class SseEvents {

    private final Consumer<String> onEvent;
    private final StringBuilder line = new StringBuilder(256);
    private Buffer partial;
    private StringBuilder data;

    SseEvents(Consumer<String> onEvent) {
        this.onEvent = onEvent;
    }

    /** Lines are cut on bytes, so a character whose bytes arrive in two pieces is decoded whole. */
    void feed(Buffer chunk) {
        int from = 0;
        int length = chunk.length();
        for (int i = 0; i < length; i++) {
            if (chunk.getByte(i) == '\n') {
                Buffer piece = chunk.slice(from, i);
                if (partial != null) {
                    piece = partial.appendBuffer(piece);
                    partial = null;
                }
                line.append(piece.toString(StandardCharsets.UTF_8));
                endOfLine();
                from = i + 1;
            }
        }
        if (from < length) {
            partial = partial == null ? chunk.getBuffer(from, length) : partial.appendBuffer(chunk, from, length - from);
        }
    }

    /** The stream ended: an event left without its blank line still counts. */
    void end() {
        if (partial != null) {
            line.append(partial.toString(StandardCharsets.UTF_8));
            partial = null;
        }
        if (!line.isEmpty()) {
            endOfLine();
        }
        dispatch();
    }

    private void endOfLine() {
        int length = line.length();
        if (length > 0 && line.charAt(length - 1) == '\r') {
            line.setLength(--length);
        }
        if (length == 0) {
            dispatch();
        } else if (length >= 5 && line.substring(0, 5).equals("data:")) {
            int start = length > 5 && line.charAt(5) == ' ' ? 6 : 5;
            if (data == null) {
                data = new StringBuilder(length);
            } else {
                data.append('\n');
            }
            data.append(line, start, length);
        }
        line.setLength(0);
    }

    private void dispatch() {
        if (data != null) {
            String event = data.toString();
            data = null;
            onEvent.accept(event);
        }
    }
}
