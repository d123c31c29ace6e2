package io.inventiv.agents.worker.engine.model;

import java.util.List;

/**
 * The names this engine answers to ({@code --served-model-name}). A request may use any of them, or
 * none; responses and metrics always carry the first, as vLLM does.
 *
 * @param path         the model the engine loaded ({@code vllm serve <path>}), shown as {@code root}
 * @param names        the served names, first one primary
 * @param maxModelLen  context length, advertised in {@code /v1/models}
 */
public record ServedModels(String path, List<String> names, int maxModelLen) {

    public ServedModels {
        names = List.copyOf(names);
        if (names.isEmpty()) {
            throw new IllegalArgumentException("at least one served model name is needed");
        }
    }

    public String primaryName() {
        return names.getFirst();
    }

    /** The name to answer with, for the model a request asked for. */
    public String resolve(String requested) {
        if (requested == null || requested.isEmpty() || names.contains(requested)) {
            return primaryName();
        }
        throw new ModelNotFound(requested);
    }
}
