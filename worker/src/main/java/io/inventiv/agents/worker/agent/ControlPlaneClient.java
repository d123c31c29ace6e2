package io.inventiv.agents.worker.agent;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.function.Predicate;

/** The agent's calls to the platform's {@code /internal/worker/*}, each answered by one {@link Reply}. */
final class ControlPlaneClient {

    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(15);

    /** What became of a call. */
    sealed interface Reply<T> {

        /** A 2xx with a readable body. */
        record Accepted<T>(T body) implements Reply<T> {
        }

        /** 401: the token presented is missing, unknown, revoked or replaced. */
        record Unauthorized<T>() implements Reply<T> {
        }

        /** Another 4xx: asking again unchanged will not help soon. */
        record Rejected<T>(int status, String detail) implements Reply<T> {
        }

        /** No answer, a 5xx or an unreadable one: worth retrying. */
        record Failed<T>(String reason) implements Reply<T> {
        }
    }

    private final HttpClient http;
    private final String baseUrl;
    private final ObjectMapper json;

    ControlPlaneClient(HttpClient http, URI controlPlaneUrl, ObjectMapper json) {
        this.http = http;
        this.baseUrl = controlPlaneUrl.toString().replaceAll("/+$", "");
        this.json = json;
    }

    Reply<WorkerApi.Enrolled> register(WorkerApi.Registration registration) {
        return call("register", null, registration, WorkerApi.Enrolled.class,
                enrolled -> enrolled.workerToken() != null && !enrolled.workerToken().isBlank());
    }

    Reply<WorkerApi.HeartbeatAnswer> heartbeat(String workerToken, WorkerApi.Heartbeat heartbeat) {
        return call("heartbeat", workerToken, heartbeat, WorkerApi.HeartbeatAnswer.class, answer -> true);
    }

    Reply<WorkerApi.Rotated> rotate(String workerToken) {
        return call("rotate", workerToken, Map.of(), WorkerApi.Rotated.class,
                rotated -> rotated.workerToken() != null && !rotated.workerToken().isBlank());
    }

    private <T> Reply<T> call(String operation, String workerToken, Object body, Class<T> answerType,
                              Predicate<T> complete) {
        HttpResponse<String> response;
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + "/internal/worker/" + operation))
                    .timeout(REQUEST_TIMEOUT)
                    .header("Content-Type", "application/json")
                    .header("Accept", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body)));
            if (workerToken != null) {
                request.header("Authorization", "Bearer " + workerToken);
            }
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the " + operation + " body", e);
        } catch (IOException e) {
            return new Reply.Failed<>(e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Reply.Failed<>("interrupted");
        }
        int status = response.statusCode();
        if (status == 401) {
            return new Reply.Unauthorized<>();
        }
        if (status >= 400 && status < 500) {
            return new Reply.Rejected<>(status, problemDetail(response.body()));
        }
        if (status < 200 || status >= 300) {
            return new Reply.Failed<>("HTTP " + status + " " + problemDetail(response.body()));
        }
        try {
            T answer = json.readValue(response.body(), answerType);
            return answer != null && complete.test(answer) ? new Reply.Accepted<>(answer)
                    : new Reply.Failed<>("an incomplete answer to " + operation);
        } catch (IOException e) {
            return new Reply.Failed<>("an unreadable answer to " + operation);
        }
    }

    /** A problem+json's detail, else its title; never the whole body, which could be anything. */
    private String problemDetail(String body) {
        try {
            JsonNode problem = json.readTree(body);
            if (problem != null && problem.hasNonNull("detail")) {
                return problem.get("detail").asText();
            }
            if (problem != null && problem.hasNonNull("title")) {
                return problem.get("title").asText();
            }
        } catch (IOException e) {
            // not JSON: nothing to quote
        }
        return "";
    }
}
