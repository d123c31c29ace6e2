package io.inventiv.agents.worker.engine.model;

import java.util.List;

/** {@code GET /v1/models}, one card per served name, with the fields vLLM sends. */
record ModelList(String object, List<ModelCard> data) {

    ModelList(List<ModelCard> data) {
        this("list", data);
    }

    record ModelCard(String id, String object, long created, String ownedBy, String root, String parent,
                     int maxModelLen, List<ModelPermission> permission) {
    }

    /** vLLM still sends OpenAI's retired permission object, always with the same grants. */
    record ModelPermission(String id, String object, long created, boolean allowCreateEngine,
                           boolean allowSampling, boolean allowLogprobs, boolean allowSearchIndices,
                           boolean allowView, boolean allowFineTuning, String organization, String group,
                           boolean isBlocking) {

        static ModelPermission granted(String id, long created) {
            return new ModelPermission(id, "model_permission", created, false, true, true, false, true, false,
                    "*", null, false);
        }
    }
}
