package io.inventiv.agents.worker.engine;

import static io.inventiv.agents.worker.engine.RunningEngine.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

import com.fasterxml.jackson.databind.JsonNode;
import io.inventiv.agents.worker.engine.generation.WordTokenizer;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** What a client of vLLM's OpenAI-compatible API sees, byte for byte where the format is fixed. */
class OpenAiApiTest {

    private static final String CHAT = "/v1/chat/completions";

    private static RunningEngine engine;

    @BeforeAll
    static void start() {
        engine = RunningEngine.start("model=org/sim-7b", "served-model-name=sim,sim-alias", "max-model-len=128",
                "embedding-dimension=16");
    }

    @AfterAll
    static void stop() {
        engine.close();
    }

    @Test
    void models_lists_every_served_name_with_vllms_fields() {
        JsonNode models = json(engine.get("/v1/models"));

        assertThat(models.get("object").asText()).isEqualTo("list");
        assertThat(models.get("data")).hasSize(2);
        JsonNode card = models.get("data").get(0);
        assertThat(card.get("id").asText()).isEqualTo("sim");
        assertThat(card.get("object").asText()).isEqualTo("model");
        assertThat(card.get("created").isIntegralNumber()).isTrue();
        assertThat(card.get("owned_by").asText()).isEqualTo("vllm");
        assertThat(card.get("root").asText()).isEqualTo("org/sim-7b");
        assertThat(card.get("parent").isNull()).isTrue();
        assertThat(card.get("max_model_len").asInt()).isEqualTo(128);
        assertThat(models.get("data").get(1).get("id").asText()).isEqualTo("sim-alias");
    }

    @Test
    void chat_usage_counts_the_prompt_with_the_documented_tokenizer_and_the_answer_as_emitted() {
        JsonNode completion = json(engine.post(CHAT, """
                {"model":"sim-alias","messages":[
                  {"role":"system","content":"You are terse."},
                  {"role":"user","content":[{"type":"text","text":"Hello, world!"}]}]}"""));

        // "You are terse." is 4 tokens, "Hello, world!" 4, plus 4 per message
        assertThat(completion.at("/usage/prompt_tokens").asInt()).isEqualTo(16);
        String content = completion.at("/choices/0/message/content").asText();
        int completionTokens = completion.at("/usage/completion_tokens").asInt();
        assertThat(WordTokenizer.count(content)).isEqualTo(completionTokens);
        assertThat(completion.at("/usage/total_tokens").asInt()).isEqualTo(16 + completionTokens);
        assertThat(completion.at("/choices/0/finish_reason").asText()).isEqualTo("stop");
        assertThat(completion.at("/choices/0/message/role").asText()).isEqualTo("assistant");
        assertThat(completion.get("object").asText()).isEqualTo("chat.completion");
        assertThat(completion.get("id").asText()).startsWith("chatcmpl-");
        assertThat(completion.get("model").asText()).as("the first served name, whatever name was asked")
                .isEqualTo("sim");
    }

    @Test
    void the_same_conversation_gets_the_same_answer() {
        String request = """
                {"messages":[{"role":"user","content":"Tell me about queues."}]}""";

        assertThat(json(engine.post(CHAT, request)).at("/choices/0/message/content"))
                .isEqualTo(json(engine.post(CHAT, request)).at("/choices/0/message/content"));
    }

    @Test
    void a_chat_stream_opens_with_the_role_sends_one_token_per_chunk_and_ends_with_done() {
        HttpResponse<String> response = engine.post(CHAT, """
                {"model":"sim","stream":true,"messages":[{"role":"user","content":"Stream please"}]}""");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("text/event-stream"));
        List<String> events = SseEvents.data(response.body());
        assertThat(events.getLast()).isEqualTo("[DONE]");
        List<JsonNode> chunks = events.subList(0, events.size() - 1).stream().map(this::parse).toList();
        JsonNode first = chunks.getFirst();
        assertThat(first.at("/choices/0/delta/role").asText()).isEqualTo("assistant");
        assertThat(first.at("/choices/0/delta/content").asText()).isEmpty();
        List<JsonNode> tokens = chunks.subList(1, chunks.size());
        assertThat(tokens).isNotEmpty().allSatisfy(chunk -> {
            assertThat(chunk.get("object").asText()).isEqualTo("chat.completion.chunk");
            assertThat(chunk.get("id")).isEqualTo(first.get("id"));
            assertThat(chunk.get("created")).isEqualTo(first.get("created"));
            assertThat(chunk.get("model").asText()).isEqualTo("sim");
            assertThat(chunk.at("/choices/0/delta").has("role")).isFalse();
            assertThat(WordTokenizer.count(chunk.at("/choices/0/delta/content").asText())).isOne();
            assertThat(chunk.has("usage")).as("no usage unless asked").isFalse();
        });
        for (JsonNode chunk : chunks.subList(0, chunks.size() - 1)) {
            assertThat(chunk.at("/choices/0/finish_reason").isNull()).isTrue();
        }
        assertThat(chunks.getLast().at("/choices/0/finish_reason").asText()).isEqualTo("stop");
    }

    @Test
    void a_stream_asked_to_include_usage_sends_one_usage_chunk_just_before_done() {
        HttpResponse<String> response = engine.post(CHAT, """
                {"stream":true,"stream_options":{"include_usage":true},"max_tokens":5,
                 "messages":[{"role":"user","content":"Count with me"}]}""");

        List<String> events = SseEvents.data(response.body());
        assertThat(events.getLast()).isEqualTo("[DONE]");
        JsonNode usageChunk = parse(events.get(events.size() - 2));
        assertThat(usageChunk.get("choices")).isEmpty();
        assertThat(usageChunk.at("/usage/prompt_tokens").asInt()).isEqualTo(3 + 4);
        assertThat(usageChunk.at("/usage/completion_tokens").asInt()).isEqualTo(5);
        assertThat(usageChunk.at("/usage/total_tokens").asInt()).isEqualTo(12);
        List<JsonNode> contentChunks = events.subList(1, events.size() - 2).stream().map(this::parse).toList();
        assertThat(contentChunks).hasSize(5).noneMatch(chunk -> chunk.has("usage"));
        assertThat(contentChunks.getLast().at("/choices/0/finish_reason").asText()).isEqualTo("length");
    }

    @Test
    void continuous_usage_stats_put_the_cumulative_usage_on_every_chat_chunk() {
        HttpResponse<String> response = engine.post(CHAT, """
                {"stream":true,"stream_options":{"include_usage":true,"continuous_usage_stats":true},"max_tokens":5,
                 "messages":[{"role":"user","content":"Count with me"}]}""");

        List<String> events = SseEvents.data(response.body());
        assertThat(events.getLast()).isEqualTo("[DONE]");
        List<JsonNode> chunks = events.subList(0, events.size() - 1).stream().map(this::parse).toList();
        JsonNode role = chunks.getFirst();
        assertThat(role.at("/choices/0/delta/role").asText()).isEqualTo("assistant");
        assertUsage(role, 7, 0);
        List<JsonNode> contentChunks = chunks.subList(1, chunks.size() - 1);
        assertThat(contentChunks).hasSize(5);
        for (int i = 0; i < contentChunks.size(); i++) {
            assertUsage(contentChunks.get(i), 7, i + 1);
        }
        JsonNode usageChunk = chunks.getLast();
        assertThat(usageChunk.get("choices")).as("the usage-only chunk is still sent").isEmpty();
        assertUsage(usageChunk, 7, 5);
        assertThat(contentChunks.getLast().at("/usage/completion_tokens"))
                .isEqualTo(usageChunk.at("/usage/completion_tokens"));
    }

    @Test
    void continuous_usage_stats_put_the_cumulative_usage_on_every_completion_chunk() {
        List<String> events = SseEvents.data(engine.post("/v1/completions", """
                {"prompt":"Once upon a time","max_tokens":4,"stream":true,
                 "stream_options":{"include_usage":true,"continuous_usage_stats":true}}""").body());

        assertThat(events).hasSize(6).endsWith("[DONE]");
        List<JsonNode> contentChunks = events.subList(0, 4).stream().map(this::parse).toList();
        for (int i = 0; i < contentChunks.size(); i++) {
            assertThat(contentChunks.get(i).get("choices")).hasSize(1);
            assertUsage(contentChunks.get(i), 4, i + 1);
        }
        JsonNode usageChunk = parse(events.get(4));
        assertThat(usageChunk.get("object").asText()).isEqualTo("text_completion");
        assertThat(usageChunk.get("choices")).isEmpty();
        assertUsage(usageChunk, 4, 4);
        assertThat(contentChunks.getLast().at("/usage/completion_tokens"))
                .isEqualTo(usageChunk.at("/usage/completion_tokens"));
    }

    @Test
    void without_continuous_usage_stats_only_the_usage_chunk_has_a_usage() {
        List<String> events = SseEvents.data(engine.post("/v1/completions", """
                {"prompt":"Once upon a time","max_tokens":4,"stream":true,
                 "stream_options":{"include_usage":true,"continuous_usage_stats":false}}""").body());

        assertThat(events).hasSize(6).endsWith("[DONE]");
        assertThat(events.subList(0, 4).stream().map(this::parse)).noneMatch(chunk -> chunk.has("usage"));
        assertUsage(parse(events.get(4)), 4, 4);
    }

    @Test
    void continuous_usage_stats_without_include_usage_report_no_usage_as_in_vllm() {
        List<String> chat = SseEvents.data(engine.post(CHAT, """
                {"stream":true,"stream_options":{"continuous_usage_stats":true},"max_tokens":3,
                 "messages":[{"role":"user","content":"Count with me"}]}""").body());
        List<String> completion = SseEvents.data(engine.post("/v1/completions", """
                {"prompt":"Once upon a time","max_tokens":3,"stream":true,
                 "stream_options":{"include_usage":false,"continuous_usage_stats":true}}""").body());

        assertThat(chat).hasSize(1 + 3 + 1);
        assertThat(completion).hasSize(3 + 1);
        for (List<String> events : List.of(chat, completion)) {
            assertThat(events.getLast()).isEqualTo("[DONE]");
            assertThat(events.subList(0, events.size() - 1).stream().map(this::parse))
                    .allMatch(chunk -> chunk.get("choices").size() == 1)
                    .noneMatch(chunk -> chunk.has("usage"));
        }
    }

    @Test
    void stream_options_on_a_non_stream_request_are_a_400_as_in_vllm() {
        for (String body : List.of("""
                {"stream_options":{"include_usage":true,"continuous_usage_stats":true},
                 "messages":[{"role":"user","content":"Hi"}]}""", """
                {"stream":false,"stream_options":{"continuous_usage_stats":true},
                 "messages":[{"role":"user","content":"Hi"}]}""")) {
            HttpResponse<String> response = engine.post(CHAT, body);

            assertThat(response.statusCode()).as(body).isEqualTo(400);
            assertThat(json(response).at("/error/message").asText())
                    .isEqualTo("Stream options can only be defined when `stream=True`.");
        }
        HttpResponse<String> completion = engine.post("/v1/completions", """
                {"prompt":"Hi","stream_options":{"include_usage":true,"continuous_usage_stats":true}}""");
        assertThat(completion.statusCode()).isEqualTo(400);
    }

    @Test
    void max_tokens_cuts_the_answer_with_finish_reason_length() {
        JsonNode completion = json(engine.post(CHAT, """
                {"max_tokens":3,"messages":[{"role":"user","content":"Say a lot"}]}"""));

        assertThat(completion.at("/choices/0/finish_reason").asText()).isEqualTo("length");
        assertThat(completion.at("/usage/completion_tokens").asInt()).isEqualTo(3);
        assertThat(WordTokenizer.count(completion.at("/choices/0/message/content").asText())).isEqualTo(3);
    }

    @Test
    void max_completion_tokens_wins_over_the_deprecated_max_tokens() {
        JsonNode completion = json(engine.post(CHAT, """
                {"max_tokens":9,"max_completion_tokens":2,"messages":[{"role":"user","content":"Say a lot"}]}"""));

        assertThat(completion.at("/usage/completion_tokens").asInt()).isEqualTo(2);
        assertThat(completion.at("/choices/0/finish_reason").asText()).isEqualTo("length");
    }

    @Test
    void completions_answer_with_text_completion_objects_in_both_modes() {
        JsonNode completion = json(engine.post("/v1/completions", """
                {"model":"sim","prompt":"Once upon a time","max_tokens":4}"""));

        assertThat(completion.get("object").asText()).isEqualTo("text_completion");
        assertThat(completion.get("id").asText()).startsWith("cmpl-");
        assertThat(completion.at("/choices/0/index").asInt()).isZero();
        assertThat(WordTokenizer.count(completion.at("/choices/0/text").asText())).isEqualTo(4);
        assertThat(completion.at("/choices/0/finish_reason").asText()).isEqualTo("length");
        assertThat(completion.at("/usage/prompt_tokens").asInt()).isEqualTo(4);
        assertThat(completion.at("/usage/completion_tokens").asInt()).isEqualTo(4);

        List<String> events = SseEvents.data(engine.post("/v1/completions", """
                {"prompt":"Once upon a time","max_tokens":4,"stream":true}""").body());
        assertThat(events).hasSize(5).endsWith("[DONE]");
        StringBuilder streamed = new StringBuilder();
        for (String event : events.subList(0, 4)) {
            JsonNode chunk = parse(event);
            assertThat(chunk.get("object").asText()).isEqualTo("text_completion");
            streamed.append(chunk.at("/choices/0/text").asText());
        }
        assertThat(streamed.toString()).isEqualTo(completion.at("/choices/0/text").asText());
    }

    @Test
    void a_prompt_of_token_ids_counts_one_token_per_id() {
        JsonNode completion = json(engine.post("/v1/completions", """
                {"prompt":[101,7592,2088,102],"max_tokens":1}"""));

        assertThat(completion.at("/usage/prompt_tokens").asInt()).isEqualTo(4);
    }

    @Test
    void embeddings_are_unit_vectors_of_the_configured_dimension_with_usage() {
        JsonNode embeddings = json(engine.post("/v1/embeddings", """
                {"model":"sim","input":["Hello, world!","queues"]}"""));

        assertThat(embeddings.get("object").asText()).isEqualTo("list");
        assertThat(embeddings.get("model").asText()).isEqualTo("sim");
        assertThat(embeddings.get("data")).hasSize(2);
        for (int i = 0; i < 2; i++) {
            JsonNode item = embeddings.get("data").get(i);
            assertThat(item.get("object").asText()).isEqualTo("embedding");
            assertThat(item.get("index").asInt()).isEqualTo(i);
            assertThat(item.get("embedding")).hasSize(16);
            assertThat(norm(floats(item.get("embedding")))).isCloseTo(1.0, offset(1e-4));
        }
        assertThat(embeddings.at("/usage/prompt_tokens").asInt()).isEqualTo(4 + 1);
        assertThat(embeddings.at("/usage/total_tokens").asInt()).isEqualTo(5);
    }

    @Test
    void base64_embeddings_are_the_same_vector_as_little_endian_floats() {
        JsonNode asFloats = json(engine.post("/v1/embeddings", """
                {"input":"Hello, world!"}"""));
        JsonNode asBase64 = json(engine.post("/v1/embeddings", """
                {"input":"Hello, world!","encoding_format":"base64"}"""));

        ByteBuffer bytes = ByteBuffer.wrap(Base64.getDecoder().decode(asBase64.at("/data/0/embedding").asText()))
                .order(ByteOrder.LITTLE_ENDIAN);
        List<Float> decoded = new ArrayList<>();
        while (bytes.hasRemaining()) {
            decoded.add(bytes.getFloat());
        }
        assertThat(decoded).isEqualTo(floats(asFloats.at("/data/0/embedding")));
    }

    @Test
    void an_unknown_model_is_a_404_not_found_error_in_vllms_envelope() {
        HttpResponse<String> response = engine.post(CHAT, """
                {"model":"gpt-9","messages":[{"role":"user","content":"Hi"}]}""");

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(json(response)).isEqualTo(parse("""
                {"error":{"message":"The model `gpt-9` does not exist.","type":"NotFoundError",
                          "param":null,"code":404}}"""));
    }

    @Test
    void invalid_json_and_missing_messages_are_400_bad_request_errors() {
        for (String body : List.of("{not json", "{\"model\":\"sim\"}", "{\"messages\":[]}", "[1,2]")) {
            HttpResponse<String> response = engine.post(CHAT, body);

            assertThat(response.statusCode()).as(body).isEqualTo(400);
            JsonNode error = json(response).get("error");
            assertThat(error.get("type").asText()).isEqualTo("BadRequestError");
            assertThat(error.get("code").asInt()).isEqualTo(400);
            assertThat(error.get("param").isNull()).isTrue();
            assertThat(error.get("message").asText()).isNotBlank().doesNotContain("io.inventiv");
        }
    }

    @Test
    void a_prompt_longer_than_the_context_is_a_400() {
        String longText = "word ".repeat(200);
        HttpResponse<String> chat = engine.post(CHAT,
                "{\"messages\":[{\"role\":\"user\",\"content\":\"" + longText + "\"}]}");
        HttpResponse<String> tooMuchOutput = engine.post("/v1/completions", """
                {"prompt":"short prompt","max_tokens":500}""");

        assertThat(chat.statusCode()).isEqualTo(400);
        assertThat(json(chat).at("/error/message").asText())
                .isEqualTo("This model's maximum context length is 128 tokens. However, your request has 204 input "
                        + "tokens. Please reduce the length of the input messages.");
        assertThat(tooMuchOutput.statusCode()).isEqualTo(400);
        assertThat(json(tooMuchOutput).at("/error/message").asText())
                .startsWith("'max_tokens' or 'max_completion_tokens' is too large: 500.");
    }

    @Test
    void health_is_an_empty_200_and_version_names_the_simulated_release() {
        HttpResponse<String> health = engine.get("/health");

        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.body()).isEmpty();
        assertThat(json(engine.get("/version")).get("version").asText()).isEqualTo("0.11.0-simulated");
    }

    private static void assertUsage(JsonNode chunk, int promptTokens, int completionTokens) {
        assertThat(chunk.has("usage")).as("usage in %s", chunk).isTrue();
        assertThat(chunk.at("/usage/prompt_tokens").asInt()).isEqualTo(promptTokens);
        assertThat(chunk.at("/usage/completion_tokens").asInt()).as("completion tokens in %s", chunk)
                .isEqualTo(completionTokens);
        assertThat(chunk.at("/usage/total_tokens").asInt()).isEqualTo(promptTokens + completionTokens);
    }

    private JsonNode parse(String json) {
        try {
            return RunningEngine.JSON.readTree(json);
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + json, e);
        }
    }

    private static List<Float> floats(JsonNode array) {
        List<Float> values = new ArrayList<>();
        array.forEach(value -> values.add((float) value.asDouble()));
        return values;
    }

    private static double norm(List<Float> vector) {
        return Math.sqrt(vector.stream().mapToDouble(v -> (double) v * v).sum());
    }
}
