package io.inventiv.agents.worker.engine.embedding;

import io.inventiv.agents.worker.engine.generation.ContextWindow;
import io.inventiv.agents.worker.engine.generation.SimulatedEngine;
import io.inventiv.agents.worker.engine.model.ServedModels;
import io.inventiv.agents.worker.engine.openai.Ids;
import io.inventiv.agents.worker.engine.openai.InvalidRequest;
import io.inventiv.agents.worker.engine.openai.JsonBodies;
import io.inventiv.agents.worker.engine.openai.Usage;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
class EmbeddingsController {

    private final JsonBodies bodies;
    private final ServedModels models;
    private final ContextWindow window;
    private final SimulatedEmbedding embedding;
    private final SimulatedEngine engine;
    private final Clock clock;

    EmbeddingsController(JsonBodies bodies, ServedModels models, ContextWindow window, SimulatedEmbedding embedding,
                         SimulatedEngine engine, Clock clock) {
        this.bodies = bodies;
        this.models = models;
        this.window = window;
        this.embedding = embedding;
        this.engine = engine;
        this.clock = clock;
    }

    @PostMapping("/v1/embeddings")
    EmbeddingList create(HttpServletRequest http) throws InterruptedException {
        EmbeddingRequest request = bodies.read(http, EmbeddingRequest.class);
        List<List<String>> inputs = EmbeddingInputs.parse(request.input());
        EmbeddingEncoding encoding = EmbeddingEncoding.of(request.encodingFormat());
        String model = models.resolve(request.model());
        if (request.dimensions() != null && request.dimensions() != embedding.dimension()) {
            throw new InvalidRequest(("Model \"%s\" does not support matryoshka representation, changing output "
                    + "dimensions will lead to poor results.").formatted(model));
        }
        int promptTokens = 0;
        for (List<String> input : inputs) {
            window.checkInput(input.size());
            promptTokens += input.size();
        }
        engine.encode(promptTokens);
        List<EmbeddingList.Data> data = new ArrayList<>();
        for (List<String> input : inputs) {
            data.add(new EmbeddingList.Data(data.size(), "embedding", encoding.encode(embedding.embed(input))));
        }
        return new EmbeddingList(Ids.next("embd"), "list", clock.instant().getEpochSecond(), model, data,
                Usage.of(promptTokens, 0));
    }
}
