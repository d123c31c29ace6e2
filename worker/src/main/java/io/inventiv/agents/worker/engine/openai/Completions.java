package io.inventiv.agents.worker.engine.openai;

import io.inventiv.agents.worker.engine.generation.ContextWindow;
import io.inventiv.agents.worker.engine.generation.Generation;
import io.inventiv.agents.worker.engine.generation.Sampling;
import io.inventiv.agents.worker.engine.generation.TextGenerator;
import io.inventiv.agents.worker.engine.model.ServedModels;
import java.time.Clock;
import org.springframework.stereotype.Component;

/** Turns a rendered prompt and a request into the generation to run and the identity of its answer, for both completion APIs. */
@Component
public class Completions {

    /**
     * A generation ready to run, with the id, creation time and model name its answer carries.
     *
     * @param streamUsage what usage the answer reports if it is streamed
     */
    public record Prepared(String id, long created, String model, Generation generation, int promptTokens,
                           StreamUsage streamUsage) {}

    private final ServedModels models;
    private final ContextWindow window;
    private final TextGenerator generator;
    private final Clock clock;

    Completions(ServedModels models, ContextWindow window, TextGenerator generator, Clock clock) {
        this.models = models;
        this.window = window;
        this.generator = generator;
        this.clock = clock;
    }

    public Prepared prepare(GenerationRequest request, String promptText, int promptTokens, String idPrefix) {
        StreamUsage streamUsage = StreamUsage.of(request.streaming(), request.streamOptions(), promptTokens);
        String model = models.resolve(request.model());
        Sampling sampling = Sampling.of(window.maxNewTokens(promptTokens, request.tokenLimit()),
                request.minTokens(), request.ignoreEos(), request.n());
        Generation generation = generator.generate(promptText, promptTokens, sampling);
        return new Prepared(Ids.next(idPrefix), clock.instant().getEpochSecond(), model, generation, promptTokens,
                streamUsage);
    }
}
