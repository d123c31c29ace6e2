package io.inventiv.agents.router;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.inventiv.agents.router.V1Handler.Route;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class PromptTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int PREFIX_CHARS = 32;

    private static ObjectNode payload(String json) {
        try {
            return (ObjectNode) JSON.readTree(json);
        } catch (Exception e) {
            throw new IllegalArgumentException(json, e);
        }
    }

    private static Prompt prompt(Route route, String json) {
        return Prompt.of(route, payload(json), PREFIX_CHARS);
    }

    private static OpenAiError refusal(Route route, String json) {
        OpenAiError error = catchThrowableOfType(OpenAiError.class, () -> prompt(route, json));
        assertThat(error).as("%s %s is refused", route, json).isNotNull();
        return error;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> errorOf(OpenAiError error) {
        return (Map<String, Object>) error.body().get("error");
    }

    private static void assertBadRequest(OpenAiError error, String param, String code) {
        assertThat(error.status()).isEqualTo(400);
        assertThat(errorOf(error)).containsEntry("type", "invalid_request_error").containsEntry("param", param).containsEntry("code", code);
        assertThat((String) errorOf(error).get("message")).isNotBlank();
    }

    private static long utf8Bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8).length;
    }

    // --- required fields ---------------------------------------------------------------------------------

    @ParameterizedTest
    @ValueSource(strings = {"{}", "{\"messages\":null}", "{\"messages\":[]}", "{\"messages\":\"hello\"}", "{\"messages\":{\"role\":\"user\"}}"})
    void a_chat_without_a_non_empty_array_of_messages_is_refused(String json) {
        assertBadRequest(refusal(Route.CHAT, json), "messages", "missing_required_parameter");
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"messages\":[\"hello\"]}", "{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}, 3]}", "{\"messages\":[null]}"})
    void a_chat_message_that_is_not_an_object_is_refused(String json) {
        assertBadRequest(refusal(Route.CHAT, json), "messages", "invalid_value");
    }

    @ParameterizedTest
    @ValueSource(strings = {"{}", "{\"prompt\":null}", "{\"model\":\"m\",\"input\":\"not a prompt\"}"})
    void a_completion_without_a_prompt_is_refused(String json) {
        assertBadRequest(refusal(Route.COMPLETIONS, json), "prompt", "missing_required_parameter");
    }

    @ParameterizedTest
    @ValueSource(strings = {"{}", "{\"input\":null}", "{\"input\":[]}", "{\"prompt\":\"not an input\"}"})
    void an_embedding_without_an_input_is_refused(String json) {
        assertBadRequest(refusal(Route.EMBEDDINGS, json), "input", "missing_required_parameter");
    }

    // --- completion limit ----------------------------------------------------------------------------------

    @ParameterizedTest
    @CsvSource({"max_tokens, -1", "max_tokens, 0", "max_completion_tokens, -5", "max_tokens, '\"100\"'", "max_completion_tokens, true",
            "max_tokens, '[1]'", "max_tokens, '{\"n\":1}'", "max_tokens, 99999999999999999999999", "max_tokens, -0.5", "max_tokens, 0.5"})
    void a_completion_limit_that_is_not_a_positive_integer_is_refused(String field, String value) {
        String json = "{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"" + field + "\":" + value + "}";

        assertBadRequest(refusal(Route.CHAT, json), field, "invalid_value");
    }

    @ParameterizedTest
    @ValueSource(strings = {"12.5", "100.25"})
    void a_completion_limit_with_a_fraction_is_refused(String value) {
        String json = "{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"max_tokens\":" + value + "}";

        assertBadRequest(refusal(Route.CHAT, json), "max_tokens", "invalid_value");
    }

    @Test
    void the_completion_limit_is_the_larger_of_max_tokens_and_max_completion_tokens_and_zero_when_unset() {
        String messages = "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]";

        assertThat(prompt(Route.CHAT, "{" + messages + "}").completionLimit()).isZero();
        assertThat(prompt(Route.CHAT, "{" + messages + ",\"max_tokens\":null}").completionLimit()).isZero();
        assertThat(prompt(Route.CHAT, "{" + messages + ",\"max_tokens\":300}").completionLimit()).isEqualTo(300);
        assertThat(prompt(Route.CHAT, "{" + messages + ",\"max_completion_tokens\":400}").completionLimit()).isEqualTo(400);
        assertThat(prompt(Route.CHAT, "{" + messages + ",\"max_tokens\":300,\"max_completion_tokens\":200}").completionLimit()).isEqualTo(300);
        assertThat(prompt(Route.COMPLETIONS, "{\"prompt\":\"x\",\"max_tokens\":5000000000}").completionLimit()).isEqualTo(5_000_000_000L);
    }

    // --- token estimate and bound -----------------------------------------------------------------------------

    @Test
    void the_token_bound_of_a_chat_is_at_least_the_utf8_bytes_of_its_text() {
        String system = "Tu es un assistant. Réponds en français, s'il te plaît.";
        String user = "Qu'est-ce qu'un 🦙 ? 日本語で説明して";
        Prompt prompt = prompt(Route.CHAT, "{\"messages\":[{\"role\":\"system\",\"content\":\"" + system + "\"},"
                + "{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"" + user + "\"},{\"type\":\"image_url\",\"image_url\":{\"url\":\"x\"}}]}]}");

        assertThat(prompt.tokenBound()).isGreaterThanOrEqualTo(utf8Bytes(system) + utf8Bytes(user));
        assertThat(prompt.tokenBound()).isGreaterThanOrEqualTo(prompt.estimatedTokens());
        assertThat(prompt.estimatedTokens()).isPositive();
    }

    @ParameterizedTest
    @ValueSource(strings = {"a", "é", "€", "👋", "日本語", "mixed é€👋 text", "𝔘𝔫𝔦𝔠𝔬𝔡𝔢"})
    void the_token_bound_of_a_completion_is_at_least_the_utf8_bytes_of_its_prompt(String text) {
        Prompt prompt = prompt(Route.COMPLETIONS, "{\"prompt\":\"" + text + "\"}");

        assertThat(prompt.tokenBound()).isGreaterThanOrEqualTo(utf8Bytes(text));
        assertThat(prompt.tokenBound()).isGreaterThanOrEqualTo(prompt.estimatedTokens());
    }

    @Test
    void a_long_text_is_estimated_at_about_four_characters_a_token() {
        String text = "x".repeat(4000);

        Prompt prompt = prompt(Route.COMPLETIONS, "{\"prompt\":\"" + text + "\"}");

        assertThat(prompt.estimatedTokens()).isEqualTo(1000);
        assertThat(prompt.tokenBound()).isGreaterThanOrEqualTo(4000);
    }

    @Test
    void the_bound_grows_with_each_chat_message_for_its_template() {
        Prompt one = prompt(Route.CHAT, "{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
        Prompt two = prompt(Route.CHAT, "{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"},{\"role\":\"assistant\",\"content\":\"\"}]}");

        assertThat(two.tokenBound()).isGreaterThan(one.tokenBound());
        assertThat(two.estimatedTokens()).isGreaterThan(one.estimatedTokens());
    }

    @Test
    void a_prompt_of_token_ids_counts_one_token_per_id() {
        Prompt prompt = prompt(Route.COMPLETIONS, "{\"prompt\":[101, 2023, 2003, 1037, 3231]}");

        assertThat(prompt.estimatedTokens()).isEqualTo(5);
        assertThat(prompt.tokenBound()).isGreaterThanOrEqualTo(5);
    }

    @Test
    void a_batch_of_prompts_counts_all_of_them() {
        Prompt single = prompt(Route.COMPLETIONS, "{\"prompt\":\"" + "a".repeat(400) + "\"}");
        Prompt batch = prompt(Route.COMPLETIONS, "{\"prompt\":[\"" + "a".repeat(400) + "\",\"" + "b".repeat(400) + "\",[7,8,9]]}");

        assertThat(batch.estimatedTokens()).isEqualTo(2 * single.estimatedTokens() + 3);
        assertThat(batch.tokenBound()).isGreaterThanOrEqualTo(800 + 3);
    }

    @Test
    void an_embedding_input_of_strings_or_token_id_arrays_is_counted() {
        Prompt strings = prompt(Route.EMBEDDINGS, "{\"input\":[\"" + "a".repeat(40) + "\",\"" + "é".repeat(10) + "\"]}");
        Prompt ids = prompt(Route.EMBEDDINGS, "{\"input\":[[1,2,3],[4,5]]}");

        assertThat(strings.estimatedTokens()).isEqualTo((50 + 3) / 4);
        assertThat(strings.tokenBound()).isGreaterThanOrEqualTo(40 + 20);
        assertThat(ids.estimatedTokens()).isEqualTo(5);
        assertThat(ids.tokenBound()).isGreaterThanOrEqualTo(5);
    }

    // --- prefix affinity -----------------------------------------------------------------------------------

    @Test
    void a_prompt_shorter_than_the_prefix_has_no_prefix_hash() {
        assertThat(prompt(Route.COMPLETIONS, "{\"prompt\":\"" + "a".repeat(PREFIX_CHARS - 1) + "\"}").prefixHash()).isZero();
        assertThat(prompt(Route.CHAT, "{\"messages\":[{\"role\":\"user\",\"content\":\"short\"}]}").prefixHash()).isZero();
        assertThat(prompt(Route.COMPLETIONS, "{\"prompt\":[1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31,32,33]}")
                .prefixHash()).as("token ids have no text to hash").isZero();
    }

    @Test
    void prompts_sharing_a_long_beginning_have_the_same_prefix_hash_whatever_follows() {
        String system = "You are a helpful assistant of ACME Corp, answer briefly.";
        Prompt first = prompt(Route.CHAT, "{\"messages\":[{\"role\":\"system\",\"content\":\"" + system + "\"},{\"role\":\"user\",\"content\":\"What is 2+2?\"}]}");
        Prompt second = prompt(Route.CHAT, "{\"messages\":[{\"role\":\"system\",\"content\":\"" + system + "\"},{\"role\":\"user\",\"content\":\"Tell me a joke\"}]}");

        assertThat(first.prefixHash()).isNotZero().isEqualTo(second.prefixHash());
    }

    @Test
    void prompts_differing_within_the_prefix_have_different_prefix_hashes() {
        String tail = "x".repeat(PREFIX_CHARS);

        Prompt first = prompt(Route.COMPLETIONS, "{\"prompt\":\"A" + tail + "\"}");
        Prompt second = prompt(Route.COMPLETIONS, "{\"prompt\":\"B" + tail + "\"}");

        assertThat(first.prefixHash()).isNotZero();
        assertThat(second.prefixHash()).isNotZero().isNotEqualTo(first.prefixHash());
    }

    @Test
    void the_prefix_runs_across_messages() {
        String half = "y".repeat(PREFIX_CHARS / 2);

        Prompt split = prompt(Route.CHAT, "{\"messages\":[{\"role\":\"system\",\"content\":\"" + half + "\"},{\"role\":\"user\",\"content\":\"" + half + "\"}]}");
        Prompt alone = prompt(Route.CHAT, "{\"messages\":[{\"role\":\"system\",\"content\":\"" + half + "\"}]}");

        assertThat(split.prefixHash()).isNotZero();
        assertThat(alone.prefixHash()).isZero();
    }
}
