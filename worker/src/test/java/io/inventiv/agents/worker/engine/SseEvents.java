package io.inventiv.agents.worker.engine;

import java.util.ArrayList;
import java.util.List;

/** Splits an event-stream body into its data payloads, failing on anything but OpenAI's framing. */
final class SseEvents {

    private SseEvents() {
    }

    static List<String> data(String body) {
        List<String> payloads = new ArrayList<>();
        int at = 0;
        while (at < body.length()) {
            if (!body.startsWith("data: ", at)) {
                throw new AssertionError("event does not start with 'data: ' at " + at + ": " + body.substring(at));
            }
            int end = body.indexOf("\n\n", at);
            if (end < 0) {
                throw new AssertionError("event not ended by a blank line: " + body.substring(at));
            }
            payloads.add(body.substring(at + "data: ".length(), end));
            at = end + 2;
        }
        return payloads;
    }
}
