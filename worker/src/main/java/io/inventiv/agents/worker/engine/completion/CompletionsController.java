package io.inventiv.agents.worker.engine.completion;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.inventiv.agents.worker.engine.generation.FinishReason;
import io.inventiv.agents.worker.engine.generation.Outcome;
import io.inventiv.agents.worker.engine.generation.SimulatedEngine;
import io.inventiv.agents.worker.engine.openai.Completions;
import io.inventiv.agents.worker.engine.openai.InvalidRequest;
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
class CompletionsController {

    private final JsonBodies bodies;
    private final Completions completions;
    private final SimulatedEngine engine;
    private final ObjectMapper json;

    CompletionsController(JsonBodies bodies, Completions completions, SimulatedEngine engine, ObjectMapper json) {
        this.bodies = bodies;
        this.completions = completions;
        this.engine = engine;
        this.json = json;
    }

    /** Answers with JSON, or with an event stream written straight to the response (then returns null). */
    @PostMapping("/v1/completions")
    ResponseEntity<TextCompletion> create(HttpServletRequest http, HttpServletResponse response)
            throws IOException, InterruptedException {
        CompletionRequest request = bodies.read(http, CompletionRequest.class);
        CompletionPrompt prompt = CompletionPrompt.of(request.prompt());
        if (request.suffix() != null) {
            throw new InvalidRequest("suffix is not currently supported");
        }
        Completions.Prepared run = completions.prepare(request, prompt.text(), prompt.tokens(), "cmpl");

        if (request.streaming()) {
            CompletionStream stream = new CompletionStream(SseStream.open(response, json), run.id(), run.created(),
                    run.model(), run.streamUsage());
            Outcome outcome = engine.generate(run.generation(), stream);
            if (outcome.finishReason() != FinishReason.ABORT) {
                stream.finish(outcome.completionTokens());
            }
            return null;
        }
        StringBuilder text = new StringBuilder();
        Outcome outcome = engine.generate(run.generation(), (token, finishReason) -> text.append(token));
        return ResponseEntity.ok(TextCompletion.of(run.id(), run.created(), run.model(), text.toString(), outcome.finishReason(),
                Usage.of(prompt.tokens(), outcome.completionTokens())));
    }
}
