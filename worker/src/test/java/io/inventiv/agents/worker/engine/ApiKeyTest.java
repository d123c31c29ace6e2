package io.inventiv.agents.worker.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ApiKeyTest {

    private static RunningEngine engine;

    @BeforeAll
    static void start() {
        engine = RunningEngine.start("api-key=s3cret");
    }

    @AfterAll
    static void stop() {
        engine.close();
    }

    @Test
    void v1_without_the_right_bearer_key_is_a_401_with_vllms_flat_body() {
        HttpResponse<String> missing = engine.get("/v1/models");
        HttpResponse<String> wrong = engine.post("/v1/chat/completions",
                "{\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}", "Authorization", "Bearer guess");
        HttpResponse<String> notBearer = engine.get("/v1/models", "Authorization", "s3cret");

        for (HttpResponse<String> response : new HttpResponse[] {missing, wrong, notBearer}) {
            assertThat(response.statusCode()).isEqualTo(401);
            assertThat(response.body()).isEqualTo("{\"error\":\"Unauthorized\"}");
        }
    }

    @Test
    void v1_with_the_bearer_key_is_served() {
        assertThat(engine.get("/v1/models", "Authorization", "Bearer s3cret").statusCode()).isEqualTo(200);
    }

    @Test
    void health_metrics_and_version_need_no_key() {
        assertThat(engine.get("/health").statusCode()).isEqualTo(200);
        assertThat(engine.get("/metrics").statusCode()).isEqualTo(200);
        assertThat(engine.get("/version").statusCode()).isEqualTo(200);
    }
}
