package io.inventiv.agents.worker.engine.openai;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * A server-sent-event stream in OpenAI's framing: {@code data: <json>\n\n} per chunk, flushed at once,
 * closed by {@code data: [DONE]\n\n}. A write that fails means the client is gone.
 */
public final class SseStream {

    private final ServletOutputStream out;
    private final ObjectMapper json;

    private SseStream(ServletOutputStream out, ObjectMapper json) {
        this.out = out;
        this.json = json;
    }

    /** Sends the 200 and the headers before any token, as vLLM's streaming response does. */
    public static SseStream open(HttpServletResponse response, ObjectMapper json) throws IOException {
        response.setStatus(HttpServletResponse.SC_OK);
        response.setContentType("text/event-stream");
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        response.setHeader("Cache-Control", "no-cache");
        response.flushBuffer();
        return new SseStream(response.getOutputStream(), json);
    }

    public void send(Object chunk) throws IOException {
        write("data: " + json.writeValueAsString(chunk) + "\n\n");
    }

    public void done() throws IOException {
        write("data: [DONE]\n\n");
    }

    private void write(String event) throws IOException {
        out.write(event.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }
}
