package io.inventiv.agents.worker.engine.completion;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.inventiv.agents.worker.engine.generation.ContextWindow;
import io.inventiv.agents.worker.engine.generation.FinishReason;
import io.inventiv.agents.worker.engine.generation.Generation;
import io.inventiv.agents.worker.engine.generation.Outcome;
import io.inventiv.agents.worker.engine.generation.Sampling;
import io.inventiv.agents.worker.engine.generation.SimulatedEngine;
import io.inventiv.agents.worker.engine.generation.TextGenerator;
import io.inventiv.agents.worker.engine.model.ServedModels;
import io.inventiv.agents.worker.engine.openai.Ids;
import io.inventiv.agents.worker.engine.openai.InvalidRequest;
import io.inventiv.agents.worker.engine.openai.JsonBodies;
import io.inventiv.agents.worker.engine.openai.SseStream;
import io.inventiv.agents.worker.engine.openai.StreamOptions;
import io.inventiv.agents.worker.engine.openai.Usage;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Clock;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
class CompletionsController {

    private final JsonBodies bodies;
    private final ServedModels models;
    private final ContextWindow window;
    private final TextGenerator generator;
    private final SimulatedEngine engine;
    private final ObjectMapper json;
    private final Clock clock;

    CompletionsController(JsonBodies bodies, ServedModels models, ContextWindow window, TextGenerator generator,
                          SimulatedEngine engine, ObjectMapper json, Clock clock) {
        this.bodies = bodies;
        this.models = models;
        this.window = window;
        this.generator = generator;
        this.engine = engine;
        this.json = json;
        this.clock = clock;
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
        boolean includeUsage = StreamOptions.includeUsage(request.streaming(), request.streamOptions());
        String model = models.resolve(request.model());
        Sampling sampling = Sampling.of(window.maxNewTokens(prompt.tokens(), request.tokenLimit()),
                request.minTokens(), request.ignoreEos(), request.n());
        Generation generation = generator.generate(prompt.text(), prompt.tokens(), sampling);
        String id = Ids.next("cmpl");
        long created = clock.instant().getEpochSecond();

        if (request.streaming()) {
            SseStream sse = SseStream.open(response, json);
            Outcome outcome = engine.generate(generation,
                    (token, finishReason) -> sse.send(TextCompletion.token(id, created, model, token, finishReason)));
            if (outcome.finishReason() != FinishReason.ABORT) {
                if (includeUsage) {
                    sse.send(TextCompletion.usage(id, created, model,
                            Usage.of(prompt.tokens(), outcome.completionTokens())));
                }
                sse.done();
            }
            return null;
        }
        StringBuilder text = new StringBuilder();
        Outcome outcome = engine.generate(generation, (token, finishReason) -> text.append(token));
        return ResponseEntity.ok(TextCompletion.of(id, created, model, text.toString(), outcome.finishReason(),
                Usage.of(prompt.tokens(), outcome.completionTokens())));
    }
}
