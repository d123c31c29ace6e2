package io.inventiv.agents.worker.engine.chat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.inventiv.agents.worker.engine.generation.FinishReason;
import io.inventiv.agents.worker.engine.generation.Outcome;
import io.inventiv.agents.worker.engine.generation.SimulatedEngine;
import io.inventiv.agents.worker.engine.openai.Completions;
import io.inventiv.agents.worker.engine.openai.JsonBodies;
import io.inventiv.agents.worker.engine.openai.SseStream;
import io.inventiv.agents.worker.engine.openai.Usage;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
class ChatCompletionsController {

    private final JsonBodies bodies;
    private final Completions completions;
    private final SimulatedEngine engine;
    private final ObjectMapper json;

    ChatCompletionsController(JsonBodies bodies, Completions completions, SimulatedEngine engine, ObjectMapper json) {
        this.bodies = bodies;
        this.completions = completions;
        this.engine = engine;
        this.json = json;
    }

    /** Answers with JSON, or with an event stream written straight to the response (then returns null). */
    @PostMapping("/v1/chat/completions")
    ResponseEntity<ChatCompletion> create(HttpServletRequest http, HttpServletResponse response)
            throws IOException, InterruptedException {
        ChatCompletionRequest request = bodies.read(http, ChatCompletionRequest.class);
        ChatPrompt prompt = ChatPrompt.render(request.messages());
        Completions.Prepared run = completions.prepare(request, prompt.text(), prompt.tokens(), "chatcmpl");

        if (request.streaming()) {
            ChatStream stream = new ChatStream(SseStream.open(response, json), run.id(), run.created(), run.model(),
                    run.streamUsage());
            Outcome outcome = engine.generate(run.generation(), stream);
            if (outcome.finishReason() != FinishReason.ABORT) {
                stream.finish(outcome.completionTokens());
            }
            return null;
        }
        StringBuilder content = new StringBuilder();
        Outcome outcome = engine.generate(run.generation(), (token, finishReason) -> content.append(token));
        return ResponseEntity.ok(ChatCompletion.of(run.id(), run.created(), run.model(), content.toString(), outcome.finishReason(),
                Usage.of(prompt.tokens(), outcome.completionTokens())));
    }
}
