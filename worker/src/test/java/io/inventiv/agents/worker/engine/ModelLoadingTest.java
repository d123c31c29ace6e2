package io.inventiv.agents.worker.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

class ModelLoadingTest {

    private static final Duration LOAD_TIME = Duration.ofMillis(2500);

    @Test
    void health_is_not_answered_before_the_load_time_has_passed() throws Exception {
        int port = freePort();
        long launched = System.nanoTime();
        CompletableFuture<ConfigurableApplicationContext> starting = CompletableFuture.supplyAsync(() ->
                new SpringApplicationBuilder(SimulatedEngineApplication.class)
                        .run(RunningEngine.args("port=" + port, "load-time=" + LOAD_TIME.toMillis() + "ms")));
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofMillis(500)).build();
        HttpRequest health = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health"))
                .timeout(Duration.ofSeconds(1)).build();
        int refusals = 0;
        Duration firstAnswer = null;
        try {
            while (firstAnswer == null && Duration.ofNanos(System.nanoTime() - launched).toSeconds() < 20) {
                try {
                    if (http.send(health, HttpResponse.BodyHandlers.ofString()).statusCode() == 200) {
                        firstAnswer = Duration.ofNanos(System.nanoTime() - launched);
                    }
                } catch (IOException notListening) {
                    refusals++;
                    Thread.sleep(50);
                }
            }
        } finally {
            starting.join().close();
        }

        assertThat(refusals).as("polls refused while loading").isPositive();
        assertThat(firstAnswer).isNotNull().isGreaterThanOrEqualTo(LOAD_TIME);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
