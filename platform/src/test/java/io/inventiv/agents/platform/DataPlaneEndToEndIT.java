package io.inventiv.agents.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.http.StreamResponse;
import com.openai.errors.RateLimitException;
import com.openai.errors.UnauthorizedException;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
import com.openai.models.completions.Completion;
import com.openai.models.completions.CompletionCreateParams;
import com.openai.models.embeddings.CreateEmbeddingResponse;
import com.openai.models.embeddings.EmbeddingCreateParams;
import com.openai.models.models.Model;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The OpenAI-compatible API as its users see it: the official OpenAI Java client pointed at the
 * platform's {@code /v1}, a model service served by two READY instances, keys with limits and budgets,
 * the loss of an instance under load, usage that adds up to what the engines counted, and bad input
 * answered in OpenAI's error envelope.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DataPlaneEndToEndIT {

    private static final Duration PATIENCE = Duration.ofSeconds(120);
    private static final String MODEL = "meta-llama/Llama-3.1-8B-Instruct";
    private static final String SERVICE = "default/assistant";
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String SCRAPE_TOKEN = "scrape-" + java.util.UUID.randomUUID();

    private static PlatformProcess platform;
    private static Api api;
    private static String serviceId;
    private static String keyId;
    private static String key;
    private static OpenAIClient openai;
    private static final List<String> instances = new ArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        platform = new PlatformProcess(Map.of(
                "INVENTIV_LOCAL_CLOUD_API_LATENCY", "5ms",
                "INVENTIV_LOCAL_CLOUD_BOOT_TIME", "1s",
                "INVENTIV_WORKER_HEARTBEAT_INTERVAL", "1s",
                "INVENTIV_WORKER_UNREACHABLE_AFTER", "4s",
                "INVENTIV_WORKER_CHECK_INTERVAL", "1s",
                "INVENTIV_INSTALL_RECOVERY_DELAY", "10m",
                "INVENTIV_METRICS_SCRAPE_TOKEN", SCRAPE_TOKEN,
                "SPRING_APPLICATION_JSON", "{\"db-scheduler\":{\"polling-interval\":\"200ms\"},\"inventiv\":{\"router\":{\"event-loops\":2},"
                        + "\"install\":{\"simulated\":{\"load-time\":\"1s\",\"time-to-first-token\":\"20ms\",\"tokens-per-second\":\"400\"}}}}"));
        platform.start();
        api = Api.loggedIn(platform.baseUrl(), "admin", platform.adminPassword());
        await().atMost(PATIENCE).until(() -> api.get("/instance_types").body().size() >= 7);
        String typeId = Api.find(api.get("/instance_types").body(), "code", "L4-1-24G").path("id").asText();
        String zoneId = Api.find(api.get("/zones").body(), "code", "local-eu-1").path("id").asText();
        Api.Response service = api.post("/model_services", Api.json(Map.of("name", SERVICE, "model_id", MODEL,
                "prompt_price_per_1k_eur", "0.0005", "completion_price_per_1k_eur", "0.0015")));
        assertThat(service.status()).as("%s", service.body()).isEqualTo(201);
        serviceId = service.body().path("id").asText();
        for (int i = 0; i < 2; i++) {
            Api.Response deployed = api.post("/deployments", Api.json(Map.of("model_id", MODEL, "instance_type_id", typeId, "zone_id", zoneId)));
            assertThat(deployed.status()).as("%s", deployed.body()).isEqualTo(201);
            instances.add(deployed.body().path("instance_id").asText());
        }
        Api.Response created = api.post("/api_keys", Api.json(Map.of("name", "sdk")));
        keyId = created.body().path("id").asText();
        key = created.body().path("key").asText();
        openai = client(key);
        for (String instance : instances) {
            await().atMost(PATIENCE).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> assertThat(api.get("/instances/" + instance).body()
                    .path("status").asText()).as(platform::logTail).isEqualTo("READY"));
        }
    }

    @AfterAll
    static void stop() throws Exception {
        if (openai != null) {
            openai.close();
        }
        if (platform != null) {
            platform.close();
        }
    }

    private static OpenAIClient client(String apiKey) {
        return OpenAIOkHttpClient.builder().baseUrl(platform.baseUrl() + "/v1").apiKey(apiKey).maxRetries(0).timeout(Duration.ofSeconds(30)).build();
    }

    @Test
    @Order(1)
    void the_official_client_lists_the_model_and_gets_chat_completion_and_embeddings_answers_under_the_service_name() {
        assertThat(openai.models().list().data()).extracting(Model::id).containsExactly(SERVICE);
        assertThat(openai.models().retrieve(SERVICE).id()).isEqualTo(SERVICE);

        ChatCompletion chat = openai.chat().completions().create(ChatCompletionCreateParams.builder().model(SERVICE)
                .addUserMessage("Say hello in five words").maxCompletionTokens(8).build());
        assertThat(chat.model()).isEqualTo(SERVICE);
        assertThat(chat.choices().get(0).message().content()).isPresent().get().asString().isNotBlank();
        assertThat(chat.usage().orElseThrow().completionTokens()).isEqualTo(8);

        Completion completion = openai.completions().create(CompletionCreateParams.builder().model(SERVICE).prompt("Once upon a time")
                .maxTokens(6).build());
        assertThat(completion.model()).isEqualTo(SERVICE);
        assertThat(completion.choices().get(0).text()).isNotBlank();
        assertThat(completion.usage().orElseThrow().completionTokens()).isEqualTo(6);

        CreateEmbeddingResponse embeddings = openai.embeddings().create(EmbeddingCreateParams.builder().model(SERVICE)
                .inputOfArrayOfStrings(List.of("first text", "second text")).build());
        assertThat(embeddings.model()).isEqualTo(SERVICE);
        assertThat(embeddings.data()).hasSize(2);
        assertThat(embeddings.data().get(0).embedding()).isNotEmpty();
    }

    @Test
    @Order(2)
    void a_stream_is_relayed_chunk_by_chunk_and_ends_with_usage_only_when_the_client_asks_for_it() {
        ChatCompletionCreateParams plain = ChatCompletionCreateParams.builder().model(SERVICE).addUserMessage("Count to ten")
                .maxCompletionTokens(10).build();
        List<ChatCompletionChunk> chunks;
        try (StreamResponse<ChatCompletionChunk> stream = openai.chat().completions().createStreaming(plain)) {
            chunks = stream.stream().toList();
        }
        assertThat(chunks).hasSizeGreaterThanOrEqualTo(10).allSatisfy(c -> assertThat(c.model()).isEqualTo(SERVICE));
        assertThat(chunks).allSatisfy(c -> assertThat(c.usage()).isEmpty());
        String text = chunks.stream().flatMap(c -> c.choices().stream()).map(c -> c.delta().content().orElse("")).reduce("", String::concat);
        assertThat(text).isNotBlank();

        ChatCompletionCreateParams withUsage = plain.toBuilder()
                .streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build()).build();
        try (StreamResponse<ChatCompletionChunk> stream = openai.chat().completions().createStreaming(withUsage)) {
            chunks = stream.stream().toList();
        }
        ChatCompletionChunk last = chunks.get(chunks.size() - 1);
        assertThat(last.choices()).isEmpty();
        assertThat(last.usage().orElseThrow().completionTokens()).isEqualTo(10);
        assertThat(chunks.subList(0, chunks.size() - 1)).allSatisfy(c -> assertThat(c.usage()).isEmpty());
    }

    @Test
    @Order(3)
    void two_ready_instances_share_the_load_and_the_usage_recorded_equals_what_the_engines_counted() throws Exception {
        // usage is published every second, and a stream's a moment after its end: the snapshot is taken once three reads
        // 1.5 s apart agree
        Snapshot[] previous = {snapshot()};
        int[] agreeing = {0};
        Snapshot before = await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(1500)).until(() -> {
            Snapshot now = snapshot();
            agreeing[0] = now.equals(previous[0]) ? agreeing[0] + 1 : 0;
            previous[0] = now;
            return agreeing[0] >= 2 ? now : null;
        }, java.util.Objects::nonNull);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<?>> sent = new ArrayList<>();
        for (int i = 0; i < 48; i++) {
            int n = i;
            sent.add(pool.submit(() -> {
                if (n % 3 == 0) {
                    try (StreamResponse<ChatCompletionChunk> stream = openai.chat().completions().createStreaming(ChatCompletionCreateParams.builder()
                            .model(SERVICE).addUserMessage("Stream number " + n).maxCompletionTokens(5 + n % 7).build())) {
                        stream.stream().forEach(chunk -> { });
                    }
                } else {
                    openai.chat().completions().create(ChatCompletionCreateParams.builder().model(SERVICE)
                            .addUserMessage("Request number " + n + " " + "word ".repeat(n)).maxCompletionTokens(3 + n % 5).build());
                }
                return null;
            }));
        }
        for (Future<?> request : sent) {
            request.get();
        }
        pool.shutdown();
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            Snapshot after = snapshot();
            assertThat(after.requests() - before.requests()).isEqualTo(48);
            for (int i = 0; i < instances.size(); i++) {
                assertThat(after.engineCompletion()[i] - before.engineCompletion()[i]).as("instance %s served a share", instances.get(i))
                        .isGreaterThan(0);
            }
            long enginePrompt = after.enginePromptTotal() - before.enginePromptTotal();
            long engineCompletion = after.engineCompletionTotal() - before.engineCompletionTotal();
            assertThat(after.prompt() - before.prompt()).as("prompt tokens recorded and counted by the engines").isEqualTo(enginePrompt);
            assertThat(after.completion() - before.completion()).as("completion tokens").isEqualTo(engineCompletion);
            assertThat(after.cost().subtract(before.cost())).isEqualByComparingTo(new BigDecimal("0.0005").multiply(BigDecimal.valueOf(enginePrompt))
                    .add(new BigDecimal("0.0015").multiply(BigDecimal.valueOf(engineCompletion))).movePointLeft(3));
        });
        // Prometheus sees the same requests and tokens, and how far behind the log each processor is
        assertThat(metric("inventiv_router_requests_total", "service=\"" + SERVICE + "\"", "outcome=\"answered\"")).isGreaterThanOrEqualTo(48);
        assertThat(metric("inventiv_router_tokens_total", "service=\"" + SERVICE + "\"", "kind=\"completion\""))
                .isGreaterThanOrEqualTo(snapshot().engineCompletionTotal() - before.engineCompletionTotal());
        assertThat(metric("inventiv_router_request_duration_seconds_count", "service=\"" + SERVICE + "\"")).isGreaterThanOrEqualTo(48);
        assertThat(scrape()).contains("inventiv_processor_lag{processor=\"finops\"}").contains("inventiv_processor_position{processor=\"usage\"}")
                .contains("http_server_requests_seconds_count");
        assertThat(metric("inventiv_processor_position", "processor=\"finops\"")).isPositive();
        // the commands' latency, by command and outcome (the key of this test was created once)
        assertThat(metric("inventiv_command_duration_seconds_count", "command=\"CreateApiKey\"", "outcome=\"success\"")).isPositive();
        assertThat(metric("inventiv_command_duration_seconds_count", "command=\"ProvisionInstance\"", "outcome=\"success\"")).isEqualTo(2);
        assertThat(HTTP.send(HttpRequest.newBuilder(URI.create(platform.baseUrl() + "/actuator/prometheus")).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode()).as("a scrape without the token").isEqualTo(401);
        assertThat(HTTP.send(HttpRequest.newBuilder(URI.create(platform.baseUrl() + "/actuator/prometheus")).header("Authorization", "Bearer nope")
                .build(), HttpResponse.BodyHandlers.ofString()).statusCode()).as("a scrape with another token").isEqualTo(401);
        // the FinOps books hold the same tokens and cost, from the same events
        JsonNode usage = api.get("/usage?api_key_id=" + keyId + "&from=2000-01-01T00:00:00Z").body().path("totals");
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            JsonNode books = api.get("/finops/usage/summary?api_key_id=" + keyId + "&from=2000-01-01T00:00:00Z").body().path("totals");
            assertThat(books.path("prompt_tokens").asLong()).isEqualTo(usage.path("prompt_tokens").asLong());
            assertThat(books.path("completion_tokens").asLong()).isEqualTo(usage.path("completion_tokens").asLong());
            assertThat(new BigDecimal(books.path("cost_eur").asText())).isEqualByComparingTo(usage.path("cost_eur").asText());
        });
        // and the routers' counts reconcile with the engines' own counters, as their heartbeats report them
        await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            JsonNode reconciliation = api.get("/finops/reconciliation?from=2000-01-01T00:00:00Z").body();
            assertThat(reconciliation.path("instances").findValuesAsText("instance_id")).containsAll(instances);
            assertThat(reconciliation.path("reconciled").asBoolean()).as("%s", reconciliation).isTrue();
        });
        // the machines' cost is split, minute by minute, between the organizations that used them: nothing lost, nothing added
        String period = "from=2000-01-01T00:00:00Z&to=" + java.time.Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS) + "&as_of="
                + java.time.Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        BigDecimal machines = new BigDecimal(api.get("/finops/dashboard/costs/summary?" + period).body().path("total_eur").asText());
        JsonNode split = api.get("/finops/chargeback/machines?" + period).body().path("organizations");
        BigDecimal charged = BigDecimal.ZERO;
        for (JsonNode organization : split) {
            charged = charged.add(new BigDecimal(organization.path("cost_eur").asText()));
        }
        assertThat(machines).isPositive();
        assertThat(charged.subtract(machines).abs()).as("split %s of %s", split, machines).isLessThanOrEqualTo(new BigDecimal("0.00000001"));
        // the data plane's event loops share its port: each took some of the clients' connections
        JsonNode loops = api.get("/admin/router").body().path("event_loops");
        assertThat(loops.findValuesAsText("thread")).as("each on its own thread").hasSize(2).doesNotHaveDuplicates();
        loops.forEach(loop -> assertThat(loop.path("requests").asLong()).as("requests of each event loop: %s", loops).isPositive());
        // latency as telemetry: per instance, every request that reached one, with a time to the first chunk
        JsonNode latency = api.get("/usage/latency?group_by=instance").body().path("rows");
        assertThat(latency.findValuesAsText("instance")).containsAll(instances);
        latency.forEach(row -> assertThat(row.path("ttft_ms_mean").asDouble()).isGreaterThan(0));
        Api.assertProblem(api.get("/usage?group_by=colour"), 400, "invalid-parameter");
    }

    /** The key's usage as recorded, and the tokens each engine counted (its Prometheus counters), read together. */
    private record Snapshot(long requests, long prompt, long completion, BigDecimal cost, long[] enginePrompt, long[] engineCompletion) {

        long enginePromptTotal() {
            return java.util.Arrays.stream(enginePrompt).sum();
        }

        long engineCompletionTotal() {
            return java.util.Arrays.stream(engineCompletion).sum();
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Snapshot s && s.requests == requests && s.prompt == prompt && s.completion == completion
                    && java.util.Arrays.equals(s.enginePrompt, enginePrompt) && java.util.Arrays.equals(s.engineCompletion, engineCompletion);
        }

        @Override
        public int hashCode() {
            return Long.hashCode(requests);
        }
    }

    private static Snapshot snapshot() throws Exception {
        JsonNode totals = api.get("/usage?api_key_id=" + keyId + "&from=2000-01-01T00:00:00Z").body().path("totals");
        long[] prompt = new long[instances.size()];
        long[] completion = new long[instances.size()];
        for (int i = 0; i < instances.size(); i++) {
            String engine = api.get("/instances/" + instances.get(i)).body().path("engine_url").asText();
            String metrics = HTTP.send(HttpRequest.newBuilder(URI.create(engine + "/metrics")).build(), HttpResponse.BodyHandlers.ofString()).body();
            prompt[i] = counter(metrics, "vllm:prompt_tokens_total");
            completion[i] = counter(metrics, "vllm:generation_tokens_total");
        }
        return new Snapshot(totals.path("requests").asLong(), totals.path("prompt_tokens").asLong(), totals.path("completion_tokens").asLong(),
                new BigDecimal(totals.path("cost_eur").asText("0")), prompt, completion);
    }

    private static long counter(String metrics, String name) {
        long sum = 0;
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(name) + "(\\{[^}]*\\})? ([0-9.eE+]+)$").matcher(metrics);
        while (m.find()) {
            sum += (long) Double.parseDouble(m.group(2));
        }
        return sum;
    }

    @Test
    @Order(4)
    void a_key_over_its_requests_per_minute_gets_429_with_the_rate_limit_headers() throws Exception {
        Api.Response limited = api.post("/api_keys", Api.json(Map.of("name", "limited", "requests_per_minute", 2)));
        String secret = limited.body().path("key").asText();
        for (int i = 0; i < 2; i++) {
            HttpResponse<String> ok = chat(secret, "{\"model\":\"" + SERVICE + "\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"max_tokens\":2}");
            assertThat(ok.statusCode()).isEqualTo(200);
            assertThat(ok.headers().firstValue("x-ratelimit-limit-requests")).contains("2");
            assertThat(ok.headers().firstValue("x-ratelimit-remaining-requests")).contains(Integer.toString(1 - i));
        }
        HttpResponse<String> refused = chat(secret, "{\"model\":\"" + SERVICE + "\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
        assertThat(refused.statusCode()).isEqualTo(429);
        assertThat(refused.headers().firstValue("retry-after").map(Integer::parseInt)).get().satisfies(s -> assertThat(s).isBetween(1, 30));
        assertThat(refused.headers().firstValue("x-ratelimit-remaining-requests")).contains("0");
        assertThat(refused.headers().firstValue("x-ratelimit-reset-requests")).isPresent();
        assertError(refused, 429, "rate_limit_exceeded");
        OpenAIClient client = client(secret);
        try {
            assertThatThrownBy(() -> client.chat().completions().create(ChatCompletionCreateParams.builder().model(SERVICE).addUserMessage("hi").build()))
                    .isInstanceOf(RateLimitException.class);
        } finally {
            client.close();
        }
    }

    @Test
    @Order(5)
    void a_key_with_a_budget_is_refused_before_a_request_that_could_pass_it() throws Exception {
        // the worst case of a request is its prompt bound and its max_tokens at the service's price
        Api.Response budgeted = api.post("/api_keys", Api.json(Map.of("name", "budgeted", "budget_eur", "0.0001", "budget_period", "day")));
        String secret = budgeted.body().path("key").asText();
        HttpResponse<String> small = chat(secret, "{\"model\":\"" + SERVICE + "\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"max_tokens\":10}");
        assertThat(small.statusCode()).isEqualTo(200);
        HttpResponse<String> large = chat(secret, "{\"model\":\"" + SERVICE + "\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"max_tokens\":500}");
        assertError(large, 429, "insufficient_quota");
    }

    @Test
    @Order(6)
    void a_signed_in_user_calls_v1_with_the_session_cookie_on_behalf_of_the_organization() throws Exception {
        Api.Response answer = api.post("/v1/chat/completions",
                "{\"model\":\"" + SERVICE + "\",\"messages\":[{\"role\":\"user\",\"content\":\"from the workbench\"}],\"max_tokens\":4}");
        assertThat(answer.status()).as("%s", answer.body()).isEqualTo(200);
        assertThat(answer.body().path("model").asText()).isEqualTo(SERVICE);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(api.get("/usage?group_by=user&from=2000-01-01T00:00:00Z").body()
                .path("rows").findValuesAsText("user")).anySatisfy(user -> assertThat(user).isNotEqualTo("null")));
        // without a cookie nor a key: the OpenAI envelope, not a problem document
        HttpResponse<String> anonymous = chat(null, "{\"model\":\"" + SERVICE + "\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
        assertError(anonymous, 401, "invalid_api_key");
    }

    @Test
    @Order(7)
    void bad_input_gets_the_openai_error_envelope_with_the_right_status() throws Exception {
        assertError(chat(key, "{\"model\":\"default/nothing\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"), 404, "model_not_found");
        assertError(chat(key, "{\"model\":\"" + SERVICE + "\",\"messages\":[{\"role\""), 400, null);
        assertError(chat(key, "[1,2]"), 400, null);
        assertError(chat(key, "{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"), 400, "missing_required_parameter");
        assertError(chat(key, "{\"model\":\"" + SERVICE + "\",\"messages\":[]}"), 400, "missing_required_parameter");
        assertError(chat(key, "{\"model\":\"" + SERVICE + "\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"max_tokens\":-3}"), 400,
                "invalid_value");
        assertError(chat(key, "{\"model\":\"" + SERVICE + "\",\"messages\":[{\"role\":\"user\",\"content\":\"" + "x".repeat(5 << 20) + "\"}]}"),
                413, "request_too_large");
        assertError(chat(null, "{\"model\":\"" + SERVICE + "\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"), 401, "invalid_api_key");
        assertError(chat("sk-inv-not-a-key-of-anyone-at-all", "{\"model\":\"" + SERVICE + "\"}"), 401, "invalid_api_key");
        HttpResponse<String> unknownPath = HTTP.send(HttpRequest.newBuilder(URI.create(platform.baseUrl() + "/v1/nothing"))
                .header("Authorization", "Bearer " + key).POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
        assertError(unknownPath, 404, null);

        // another organization's key does not see this organization's private model
        Api.Response other = api.post("/organizations", Api.json(Map.of("name", "Other Corp")));
        String otherOrganization = other.body().path("id").asText();
        assertThat(api.put("/auth/me/organization", Api.json(Map.of("organization_id", otherOrganization))).status()).isEqualTo(200);
        String otherKey = api.post("/api_keys", Api.json(Map.of("name", "other"))).body().path("key").asText();
        Api.Response back = api.put("/auth/me/organization", Api.json(Map.of("organization_id", api.get("/organizations").body()
                .findValues("id").stream().map(JsonNode::asText).filter(id -> !id.equals(otherOrganization)).findFirst().orElseThrow())));
        assertThat(back.status()).isEqualTo(200);
        assertError(chat(otherKey, "{\"model\":\"" + SERVICE + "\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"), 404, "model_not_found");
        OpenAIClient client = client(otherKey);
        try {
            assertThat(client.models().list().data()).isEmpty();
        } finally {
            client.close();
        }
        // each refusal is counted by its status and code
        assertThat(metric("inventiv_router_errors_total", "code=\"model_not_found\"", "status=\"404\"")).isGreaterThanOrEqualTo(2);
        assertThat(metric("inventiv_router_errors_total", "code=\"request_too_large\"")).isGreaterThanOrEqualTo(1);
        assertThat(metric("inventiv_router_errors_total", "code=\"invalid_api_key\"", "status=\"401\"")).isGreaterThanOrEqualTo(2);
    }

    /** The platform's metrics, as a Prometheus server scrapes them. */
    private static String scrape() throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(platform.baseUrl() + "/actuator/prometheus"))
                .header("Authorization", "Bearer " + SCRAPE_TOKEN).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        return response.body();
    }

    /** The sum of a metric's samples whose labels include all of these. */
    private static double metric(String name, String... labels) throws Exception {
        double sum = 0;
        for (String line : scrape().split("\n")) {
            if (line.startsWith(name + "{") && java.util.Arrays.stream(labels).allMatch(line::contains)) {
                sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return sum;
    }

    @Test
    @Order(8)
    void the_loss_of_an_instance_under_load_loses_no_request_that_had_not_started_streaming() throws Exception {
        String victim = instances.get(0);
        Path machine = platform.dataDir().resolve("local-cloud/machines").resolve(api.get("/instances/" + victim).body().path("server_id").asText());
        AtomicInteger failures = new AtomicInteger();
        AtomicInteger done = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<?>> clients = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
            clients.add(pool.submit((Callable<Void>) () -> {
                for (int i = 0; i < 25; i++) {
                    try {
                        ChatCompletion answer = openai.chat().completions().create(ChatCompletionCreateParams.builder().model(SERVICE)
                                .addUserMessage("under load " + i).maxCompletionTokens(12).build());
                        assertThat(answer.choices()).isNotEmpty();
                        done.incrementAndGet();
                    } catch (RuntimeException e) {
                        failures.incrementAndGet();
                    }
                }
                return null;
            }));
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> done.get() >= 40);
        // the machine dies: its agent and its engine, at once
        ProcessHandle.of(pid(machine.resolve(".inventiv/agent/agent.pid"))).ifPresent(ProcessHandle::destroyForcibly);
        ProcessHandle.of(pid(machine.resolve(".inventiv/agent/engine.pid"))).ifPresent(ProcessHandle::destroyForcibly);
        long killedAt = System.nanoTime();
        await().atMost(Duration.ofSeconds(1)).pollInterval(Duration.ofMillis(20)).until(() -> outOfRotation(victim));
        long outAfterMillis = (System.nanoTime() - killedAt) / 1_000_000;
        for (Future<?> client : clients) {
            client.get();
        }
        pool.shutdown();
        assertThat(failures.get()).as("requests lost with the instance").isZero();
        assertThat(done.get()).isEqualTo(200);
        assertThat(outAfterMillis).isLessThanOrEqualTo(1000);
        // the platform hears the silence too: the instance is UNREACHABLE and leaves the table for good reasons
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(api.get("/instances/" + victim).body().path("status").asText()).isEqualTo("UNREACHABLE"));
    }

    private static boolean outOfRotation(String instance) {
        JsonNode row = Api.find(api.get("/admin/router").body().path("instances"), "instance_id", instance);
        return row == null || row.isMissingNode() || !row.path("ready").asBoolean() || !row.path("breaker").asText().equals("CLOSED");
    }

    @Test
    @Order(9)
    void a_revoked_key_is_refused_at_once() throws Exception {
        assertThat(openai.models().list().data()).isNotEmpty();
        assertThat(api.delete("/api_keys/" + keyId).status()).isEqualTo(200);
        assertThatThrownBy(() -> openai.models().list()).isInstanceOf(UnauthorizedException.class);
        assertError(chat(key, "{\"model\":\"" + SERVICE + "\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"), 401, "invalid_api_key");
    }

    @Test
    @Order(10)
    void an_organization_shares_its_service_with_another_at_a_price_and_bills_it_exactly_for_the_tokens_used() throws Exception {
        java.time.Instant start = java.time.Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MINUTES);
        String provider = api.get("/model_services/" + serviceId).body().path("organization_id").asText();
        String consumer = api.post("/organizations", "{\"name\":\"Globex\"}").body().path("id").asText();
        assertThat(api.post("/users", Api.json(Map.of("username", "gina", "email", "gina@globex.test", "password", "gina-pass-1234"))).status())
                .isEqualTo(201);
        assertThat(api.post("/organizations/" + consumer + "/members", Api.json(Map.of("login", "gina", "role", "admin"))).status()).isEqualTo(201);
        Api gina = Api.loggedIn(platform.baseUrl(), "gina", "gina-pass-1234");
        String ginaKey = gina.post("/api_keys", Api.json(Map.of("name", "globex app"))).body().path("key").asText();
        String ask = "{\"model\":\"" + SERVICE + "\",\"messages\":[{\"role\":\"user\",\"content\":\"hello from globex\"}],\"max_tokens\":4}";
        assertError(chat(ginaKey, ask), 404, "model_not_found");

        // the provider shares its private service with the consumer at its own price; bad requests change nothing
        Api.Response granted = api.post("/shares", Api.json(Map.of("model_service_id", serviceId, "consumer_organization_id", consumer,
                "prompt_price_per_1k_eur", "0.2", "completion_price_per_1k_eur", "0.6")));
        assertThat(granted.status()).as("%s", granted.body()).isEqualTo(201);
        String shareId = granted.body().path("id").asText();
        assertThat(granted.location()).isEqualTo("/shares/" + shareId);
        assertThat(granted.body().path("status").asText()).isEqualTo("active");
        Api.assertProblem(api.post("/shares", Api.json(Map.of("model_service_id", serviceId, "consumer_organization_id", consumer))), 409,
                "already-exists");
        Api.assertProblem(api.post("/shares", Api.json(Map.of("model_service_id", serviceId, "consumer_organization_id", provider))), 400,
                "invalid-request");
        Api.assertProblem(api.post("/shares", Api.json(Map.of("model_service_id", serviceId, "consumer_organization_id",
                java.util.UUID.randomUUID().toString()))), 422, "unknown-organization");
        Api.assertProblem(api.post("/shares", Api.json(Map.of("model_service_id", serviceId))), 400, "invalid-request");
        Api.assertProblem(api.post("/shares", Api.json(Map.of("model_service_id", serviceId, "consumer_organization_id", consumer,
                "prompt_price_per_1k_eur", "-1"))), 400, "invalid-request");
        Api.assertProblem(gina.patch("/shares/" + shareId, "{\"prompt_price_per_1k_eur\":\"0\"}"), 403, "forbidden");
        Api.assertProblem(api.get("/shares/" + java.util.UUID.randomUUID()), 404, "not-found");
        assertThat(gina.get("/shares?role=consumer").body().path("items").findValuesAsText("id")).containsExactly(shareId);
        Api.assertProblem(gina.get("/shares?role=owner"), 400, "invalid-request");
        assertThat(api.get("/shares?model_service_id=" + serviceId).body().path("items").findValuesAsText("id")).containsExactly(shareId);
        assertThat(api.get("/shares?model_service_id=" + java.util.UUID.randomUUID()).body().path("items")).isEmpty();
        Api.assertProblem(api.get("/shares?model_service_id=nope"), 400, "invalid-parameter");

        // paused, the consumer is back to being a stranger to a private service; resumed, it is served again.
        // Every answer the consumer gets is billed: its tokens, as the answers say, are added up here
        long[] seen = new long[3]; // requests answered, prompt tokens, completion tokens
        java.util.concurrent.Callable<Integer> probe = () -> {
            HttpResponse<String> answer = chat(ginaKey, ask);
            if (answer.statusCode() == 200) {
                JsonNode usage = Api.JSON.readTree(answer.body()).path("usage");
                seen[0]++;
                seen[1] += usage.path("prompt_tokens").asLong();
                seen[2] += usage.path("completion_tokens").asLong();
            }
            return answer.statusCode();
        };
        await().atMost(Duration.ofSeconds(10)).until(() -> probe.call() == 200);
        assertThat(api.post("/shares/" + shareId + "/pause", "{\"reason\":\"invoice overdue\"}").body().path("status").asText()).isEqualTo("paused");
        await().atMost(Duration.ofSeconds(10)).until(() -> probe.call() == 404);
        assertThat(api.post("/shares/" + shareId + "/resume", "").body().path("status").asText()).isEqualTo("active");
        await().atMost(Duration.ofSeconds(10)).until(() -> probe.call() == 200);

        // the consumer's application, with the official client
        OpenAIClient globex = client(ginaKey);
        try {
            for (int i = 0; i < 6; i++) {
                ChatCompletion answer = globex.chat().completions().create(ChatCompletionCreateParams.builder().model(SERVICE)
                        .addUserMessage("Globex asks question " + i + " " + "more ".repeat(i * 3)).maxCompletionTokens(4 + i).build());
                seen[0]++;
                seen[1] += answer.usage().orElseThrow().promptTokens();
                seen[2] += answer.usage().orElseThrow().completionTokens();
            }
        } finally {
            globex.close();
        }
        String until = java.time.Instant.now().toString();
        String pair = "provider_organization_id=" + provider + "&consumer_organization_id=" + consumer + "&from=" + start + "&to=" + until;
        JsonNode statement = await().atMost(Duration.ofSeconds(15)).until(() -> api.get("/finops/chargeback/statements?" + pair).body().path("items"),
                items -> items.size() == 1 && items.get(0).path("requests").asLong() == seen[0]).get(0);
        long billedPrompt = statement.path("prompt_tokens").asLong();
        long billedCompletion = statement.path("completion_tokens").asLong();
        assertThat(billedPrompt).as("prompt tokens billed and seen by the consumer").isEqualTo(seen[1]);
        assertThat(billedCompletion).as("completion tokens").isEqualTo(seen[2]);
        assertThat(statement.path("lines")).hasSize(1);
        assertThat(statement.path("lines").get(0).path("share_id").asText()).isEqualTo(shareId);
        assertThat(statement.path("lines").get(0).path("prompt_price_per_1k_eur").asText()).isEqualTo("0.2");
        BigDecimal exact = new BigDecimal("0.2").multiply(BigDecimal.valueOf(billedPrompt)).add(new BigDecimal("0.6")
                .multiply(BigDecimal.valueOf(billedCompletion))).movePointLeft(3);
        assertThat(new BigDecimal(statement.path("amount_eur").asText())).isEqualByComparingTo(exact);
        long answered = seen[0];
        assertThat(gina.get("/finops/chargeback/statements?from=" + start + "&to=" + until).body().path("items")).hasSize(1);
        Api.Response malformed = gina.get("/finops/chargeback/statements?from=yesterday");
        Api.assertProblem(malformed, 400, "invalid-parameter");
        assertThat(malformed.body().path("detail").asText()).isEqualTo("'yesterday' is not a valid from");

        // CSV: a row per line, the same exact amount
        Api.Response csv = api.get("/finops/chargeback/statements.csv?" + pair);
        assertThat(csv.contentType()).startsWith("text/csv");
        String csvText = csv.body().asText();
        assertThat(csvText).startsWith("provider_organization_id,consumer_organization_id,from,to,model_service_id")
                .contains("," + shareId + ",0.2,0.6," + answered + "," + billedPrompt + "," + billedCompletion + "," + statement.path("amount_eur").asText());

        // issued once, by the provider, for a period that has ended
        String issue = Api.json(Map.of("provider_organization_id", provider, "consumer_organization_id", consumer, "from", start.toString(), "to", until));
        Api.assertProblem(gina.post("/finops/chargeback/statements", issue), 403, "forbidden");
        Api.Response issued = api.post("/finops/chargeback/statements", issue);
        assertThat(issued.status()).as("%s", issued.body()).isEqualTo(201);
        assertThat(issued.body().path("amount_eur").asText()).isEqualTo(statement.path("amount_eur").asText());
        Api.assertProblem(api.post("/finops/chargeback/statements", issue), 409, "already-issued");
        Api.assertProblem(api.post("/finops/chargeback/statements", Api.json(Map.of("provider_organization_id", provider,
                "consumer_organization_id", consumer, "from", start.toString(), "to", "2999-01-01T00:00:00Z"))), 400, "invalid-request");
        JsonNode kept = await().atMost(Duration.ofSeconds(10)).until(() -> gina.get(issued.location()), r -> r.status() == 200).body();
        assertThat(kept.path("amount_eur").asText()).isEqualTo(statement.path("amount_eur").asText());
        assertThat(kept.path("difference_eur").asText()).isEqualTo("0");

        // re-priced at 0.1 / 0.3: the corrected statement and its difference with the issued one
        Api.Response repriced = api.post("/finops/chargeback/repricing", Api.json(Map.of("from", start.toString(), "to", until, "prices",
                List.of(Map.of("model_service_id", serviceId, "share_id", shareId, "prompt_price_per_1k_eur", "0.1", "completion_price_per_1k_eur", "0.3")))));
        assertThat(repriced.status()).as("%s", repriced.body()).isEqualTo(200);
        JsonNode correction = Api.find(repriced.body().path("statements"), "consumer_organization_id", consumer);
        BigDecimal corrected = exact.divide(BigDecimal.valueOf(2));
        assertThat(new BigDecimal(correction.path("corrected_amount_eur").asText())).isEqualByComparingTo(corrected);
        assertThat(new BigDecimal(correction.path("issued_statements").get(0).path("difference_eur").asText()))
                .isEqualByComparingTo(corrected.subtract(exact));
        assertThat(repriced.body().path("events_read").asLong()).isPositive();
        Api.assertProblem(api.post("/finops/chargeback/repricing", "{\"from\":\"" + start + "\",\"to\":\"" + until + "\"}"), 400, "invalid-request");
        Api.Response negative = api.post("/finops/chargeback/repricing", Api.json(Map.of("from", start.toString(), "to", until, "prices",
                List.of(Map.of("model_service_id", serviceId, "prompt_price_per_1k_eur", "-1", "completion_price_per_1k_eur", "0.3")))));
        Api.assertProblem(negative, 400, "invalid-request");
        assertThat(negative.body().path("errors").findValuesAsText("field")).as("named as the client wrote it").containsExactly("prices[0].prompt_price_per_1k_eur");

        // every FinOps projection rebuilt from the log gives the same books, as they stood then
        String books = "from=" + start + "&to=" + until + "&as_of=" + until;
        List<String> finops = List.of("finops");
        String afterIssue = java.time.Instant.now().toString();
        List<JsonNode> before = finopsBooks(books, provider, consumer, afterIssue);
        for (String processor : finops) {
            assertThat(api.post("/admin/replay/" + processor, "").status()).isEqualTo(202);
        }
        await().atMost(PATIENCE).pollInterval(Duration.ofMillis(300)).until(() -> finops.stream().allMatch(p -> {
            JsonNode progress = api.get("/admin/replay/" + p).body();
            return !progress.path("replaying").asBoolean() && progress.path("progress").asDouble() == 1.0;
        }));
        assertThat(finopsBooks(books, provider, consumer, afterIssue)).isEqualTo(before);
        assertThat(api.get("/finops/chargeback/statements?" + pair + "&as_of=" + start).body().path("items")).as("nothing recorded yet then").isEmpty();

        // revoked: for good
        assertThat(api.delete("/shares/" + shareId).body().path("status").asText()).isEqualTo("revoked");
        await().atMost(Duration.ofSeconds(10)).until(() -> chat(ginaKey, ask).statusCode() == 404);
        Api.assertProblem(api.post("/shares/" + shareId + "/resume", ""), 409, "share-revoked");

        // an instance's life costs its billed minutes times its hourly price / 60
        String instance = instances.get(0);
        assertThat(api.delete("/instances/" + instance).status()).isLessThan(300);
        await().atMost(PATIENCE).until(() -> api.get("/instances/" + instance).body().path("status").asText().equals("TERMINATED"));
        JsonNode log = await().atMost(Duration.ofSeconds(10)).until(() -> api.get("/action_logs/search?size=500&instance_id=" + instance).body()
                .path("items"), items -> items.findValuesAsText("action_type").contains("PROVIDER_SERVER_DELETED"));
        java.time.Instant created = null;
        java.time.Instant deleted = null;
        for (JsonNode entry : log) {
            switch (entry.path("action_type").asText()) {
                case "PROVIDER_SERVER_CREATED" -> created = java.time.Instant.parse(entry.path("created_at").asText());
                case "PROVIDER_SERVER_DELETED" -> deleted = java.time.Instant.parse(entry.path("created_at").asText());
                default -> { }
            }
        }
        assertThat(created).as("%s", log).isNotNull();
        assertThat(deleted).as("%s", log).isNotNull();
        BigDecimal hourly = new BigDecimal(Api.find(api.get("/instance_types").body(), "code", "L4-1-24G").path("hourly_price_eur").asText());
        BigDecimal minutes = BigDecimal.valueOf(java.time.Duration.between(created, deleted).toNanos()).movePointLeft(9)
                .divide(BigDecimal.valueOf(60), 20, java.math.RoundingMode.HALF_EVEN);
        BigDecimal expected = minutes.multiply(hourly).divide(BigDecimal.valueOf(60), 9, java.math.RoundingMode.HALF_EVEN);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(new BigDecimal(api.get("/finops/dashboard/costs/summary?instance_id="
                + instance + "&from=2000-01-01T00:00:00Z").body().path("total_eur").asText())).isEqualByComparingTo(expected));
    }

    /** The FinOps books of a period as they stood at a time: statements, issued ones, usage and machine cost. */
    private static List<JsonNode> finopsBooks(String period, String provider, String consumer, String issuedBy) {
        return List.of(api.get("/finops/chargeback/statements?" + period).body(),
                api.get("/finops/chargeback/issued_statements?provider_organization_id=" + provider + "&consumer_organization_id=" + consumer
                        + "&as_of=" + issuedBy).body(),
                api.get("/finops/usage/summary?" + period).body(),
                api.get("/finops/dashboard/costs/summary?" + period).body(),
                api.get("/finops/chargeback/machines?" + period).body());
    }

    private static long pid(Path file) throws Exception {
        return Long.parseLong(Files.readString(file).strip());
    }

    private static HttpResponse<String> chat(String secret, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(platform.baseUrl() + "/v1/chat/completions"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        if (secret != null) {
            request.header("Authorization", "Bearer " + secret);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static void assertError(HttpResponse<String> response, int status, String code) throws Exception {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("content-type")).get().asString().startsWith("application/json");
        JsonNode error = Api.JSON.readTree(response.body()).path("error");
        assertThat(error.path("message").asText()).isNotBlank();
        assertThat(error.path("type").asText()).isNotBlank();
        if (code != null) {
            assertThat(error.path("code").asText()).isEqualTo(code);
        }
    }
}
