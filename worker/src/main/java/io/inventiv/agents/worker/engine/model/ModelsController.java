package io.inventiv.agents.worker.engine.model;

import io.inventiv.agents.worker.engine.openai.Ids;
import java.time.Clock;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
class ModelsController {

    private final ServedModels models;
    private final Clock clock;

    ModelsController(ServedModels models, Clock clock) {
        this.models = models;
        this.clock = clock;
    }

    @GetMapping("/v1/models")
    ModelList models() {
        long created = clock.instant().getEpochSecond();
        List<ModelList.ModelCard> cards = models.names().stream()
                .map(name -> new ModelList.ModelCard(name, "model", created, "vllm", models.path(), null,
                        models.maxModelLen(),
                        List.of(ModelList.ModelPermission.granted(Ids.next("modelperm"), created))))
                .toList();
        return new ModelList(cards);
    }
}
