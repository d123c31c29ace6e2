package io.inventiv.agents.worker.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** One sequence at a time, and slow, so that a second request has to wait for the first. */
class SequenceLimitTest {

    private static final String SLOW_CHAT = """
            {"max_tokens":20,"ignore_eos":true,"messages":[{"role":"user","content":"Take your time"}]}""";

    private static RunningEngine engine;

    @BeforeAll
    static void start() {
        engine = RunningEngine.start("max-num-seqs=1", "tokens-per-second=10");
    }

    @AfterAll
    static void stop() {
        engine.close();
    }

    @Test
    void beyond_max_num_seqs_a_request_waits_in_line_and_metrics_count_it_as_waiting() {
        CompletableFuture<HttpResponse<String>> first = post(SLOW_CHAT);
        await().atMost(Duration.ofSeconds(2)).until(() -> engine.metric("vllm:num_requests_running") == 1);
        CompletableFuture<HttpResponse<String>> second = post(SLOW_CHAT);

        await().atMost(Duration.ofMillis(1500)).until(() -> engine.metric("vllm:num_requests_waiting") == 1);
        assertThat(engine.metric("vllm:num_requests_running")).isEqualTo(1.0);
        assertThat(engine.metric("vllm:kv_cache_usage_perc")).isEqualTo(1.0);
        assertThat(second).isNotDone();

        assertThat(first.join().statusCode()).isEqualTo(200);
        assertThat(RunningEngine.json(second.join()).at("/usage/completion_tokens").asInt()).isEqualTo(20);
        assertThat(engine.metric("vllm:num_requests_running")).isZero();
        assertThat(engine.metric("vllm:num_requests_waiting")).isZero();
    }

    @Test
    void a_client_that_disconnects_mid_stream_frees_its_slot() throws Exception {
        double abortedBefore = engine.metric("vllm:request_success_total", "finished_reason=\"abort\"");
        String body = """
                {"stream":true,"max_tokens":100,"ignore_eos":true,"messages":[{"role":"user","content":"Go on"}]}""";
        // a raw socket, to decide exactly when the connection drops
        try (Socket socket = new Socket("127.0.0.1", engine.port)) {
            OutputStream out = socket.getOutputStream();
            out.write(("POST /v1/chat/completions HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                    + "Content-Length: " + body.getBytes(StandardCharsets.UTF_8).length + "\r\n\r\n" + body)
                    .getBytes(StandardCharsets.UTF_8));
            out.flush();
            BufferedReader in = new BufferedReader(
                    new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            String line;
            int contentChunks = 0;
            while (contentChunks < 2 && (line = in.readLine()) != null) {
                if (line.contains("\"content\":\"") && !line.contains("\"role\"")) {
                    contentChunks++;
                }
            }
            assertThat(engine.metric("vllm:num_requests_running")).isEqualTo(1.0);
        }

        await().atMost(Duration.ofSeconds(2)).until(() -> engine.metric("vllm:num_requests_running") == 0);
        assertThat(engine.metric("vllm:request_success_total", "finished_reason=\"abort\""))
                .isEqualTo(abortedBefore + 1);
        assertThat(engine.post("/v1/chat/completions", """
                {"max_tokens":1,"messages":[{"role":"user","content":"Next"}]}""").statusCode()).isEqualTo(200);
    }

    private static CompletableFuture<HttpResponse<String>> post(String body) {
        return engine.client().sendAsync(engine.request("/v1/chat/completions")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
