package io.inventiv.agents.api.apikey;

import io.inventiv.agents.api.usage.Budget;
import java.util.Set;

/**
 * What a key may do.
 *
 * @param allowedModels the model services it may call; empty: every one its organization may use
 * @param requestsPerMinute {@code null}: no limit
 * @param tokensPerMinute   {@code null}: no limit
 * @param budget            what it may spend on tokens; {@code null}: no limit of its own
 */
public record ApiKeyLimits(Set<String> allowedModels, Integer requestsPerMinute, Integer tokensPerMinute, Budget budget) {

    public static final ApiKeyLimits NONE = new ApiKeyLimits(Set.of(), null, null, null);

    public ApiKeyLimits {
        allowedModels = allowedModels == null ? Set.of() : Set.copyOf(allowedModels);
    }
}
