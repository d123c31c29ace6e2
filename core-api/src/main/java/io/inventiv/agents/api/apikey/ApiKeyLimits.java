package io.inventiv.agents.api.apikey;

import java.util.Set;

/**
 * What a key may do.
 *
 * @param allowedModels the model services it may call; empty: every one its organization may use
 * @param requestsPerMinute {@code null}: no limit
 * @param tokensPerMinute   {@code null}: no limit
 */
public record ApiKeyLimits(Set<String> allowedModels, Integer requestsPerMinute, Integer tokensPerMinute) {

    public ApiKeyLimits {
        allowedModels = allowedModels == null ? Set.of() : Set.copyOf(allowedModels);
    }
}
