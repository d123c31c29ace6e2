package io.inventiv.agents.command.apikey;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import io.inventiv.agents.api.apikey.ApiKeyCreated;
import io.inventiv.agents.api.apikey.ApiKeyId;
import io.inventiv.agents.api.apikey.ApiKeyLimits;
import io.inventiv.agents.api.apikey.ApiKeyLimitsChanged;
import io.inventiv.agents.api.apikey.ApiKeyRenamed;
import io.inventiv.agents.api.apikey.ApiKeyRevoked;
import io.inventiv.agents.api.apikey.ChangeApiKeyLimits;
import io.inventiv.agents.api.apikey.CreateApiKey;
import io.inventiv.agents.api.apikey.RenameApiKey;
import io.inventiv.agents.api.apikey.RevokeApiKey;
import io.inventiv.agents.api.identity.OrganizationId;
import io.inventiv.agents.support.web.Rejected;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.spring.stereotype.Aggregate;

/**
 * A key of the OpenAI-compatible API, owned by an organization. It knows only its secret's hash; it can
 * be renamed, limited (models, requests and tokens per minute, expiry) and revoked, which is for good.
 */
@Aggregate
public class ApiKey {

    static final int MAX_NAME = 100;
    static final int MAX_ALLOWED_MODELS = 100;

    @AggregateIdentifier
    private ApiKeyId id;
    private OrganizationId organizationId;
    private String name;
    private ApiKeyLimits limits;
    private Instant expiresAt;
    private boolean revoked;

    protected ApiKey() {}

    @CommandHandler
    ApiKey(CreateApiKey cmd, Clock clock) {
        Instant now = clock.instant();
        String name = requireName(cmd.name());
        requireValid(cmd.limits(), cmd.expiresAt(), now);
        if (cmd.secretHash() == null || !cmd.secretHash().matches("[0-9a-f]{64}")) {
            throw invalid("secret_hash", "a key is kept by the SHA-256 of its secret");
        }
        apply(new ApiKeyCreated(cmd.apiKeyId(), Objects.requireNonNull(cmd.organizationId(), "organization"), name, cmd.secretHash(),
                cmd.displayPrefix(), cmd.expiresAt(), cmd.limits(), cmd.createdBy(), now));
    }

    @CommandHandler
    void handle(RenameApiKey cmd, Clock clock) {
        requireVisibleWithin(cmd.organizationScope());
        requireNotRevoked("be renamed");
        String newName = requireName(cmd.name());
        if (!newName.equals(name)) {
            apply(new ApiKeyRenamed(id, newName, cmd.requestedBy(), clock.instant()));
        }
    }

    @CommandHandler
    void handle(ChangeApiKeyLimits cmd, Clock clock) {
        requireVisibleWithin(cmd.organizationScope());
        requireNotRevoked("have its limits changed");
        requireValid(cmd.limits(), cmd.expiresAt(), clock.instant());
        if (!cmd.limits().equals(limits) || !Objects.equals(cmd.expiresAt(), expiresAt)) {
            apply(new ApiKeyLimitsChanged(id, cmd.limits(), cmd.expiresAt(), cmd.requestedBy(), clock.instant()));
        }
    }

    /** Revoking a revoked key changes nothing: the key is refused either way. */
    @CommandHandler
    void handle(RevokeApiKey cmd, Clock clock) {
        requireVisibleWithin(cmd.organizationScope());
        if (!revoked) {
            apply(new ApiKeyRevoked(id, cmd.reason(), cmd.requestedBy(), clock.instant()));
        }
    }

    private void requireVisibleWithin(OrganizationId scope) {
        if (scope != null && !scope.equals(organizationId)) {
            throw Rejected.notFound(id);
        }
    }

    private void requireNotRevoked(String action) {
        if (revoked) {
            throw new Rejected("api-key-revoked", "API key revoked", 409, "API key " + id + " is revoked and cannot " + action,
                    Map.of("api_key_id", id.toString()));
        }
    }

    private static String requireName(String name) {
        String trimmed = name == null ? "" : name.strip();
        if (trimmed.isEmpty() || trimmed.length() > MAX_NAME) {
            throw invalid("name", "a key's name has 1 to " + MAX_NAME + " characters");
        }
        return trimmed;
    }

    private static void requireValid(ApiKeyLimits limits, Instant expiresAt, Instant now) {
        List<String> problems = new ArrayList<>();
        if (limits != null) {
            if (limits.requestsPerMinute() != null && limits.requestsPerMinute() < 1) {
                problems.add("requests_per_minute");
            }
            if (limits.tokensPerMinute() != null && limits.tokensPerMinute() < 1) {
                problems.add("tokens_per_minute");
            }
            if (limits.allowedModels().size() > MAX_ALLOWED_MODELS
                    || limits.allowedModels().stream().anyMatch(m -> m == null || m.isBlank() || m.length() > 200)) {
                problems.add("allowed_models");
            }
        }
        if (expiresAt != null && !expiresAt.isAfter(now)) {
            problems.add("expires_at");
        }
        if (!problems.isEmpty()) {
            throw invalid(problems.getFirst(), switch (problems.getFirst()) {
                case "expires_at" -> "expires_at must be in the future";
                case "allowed_models" -> "allowed_models holds at most " + MAX_ALLOWED_MODELS + " names of up to 200 characters";
                default -> problems.getFirst() + " must be 1 or more, or absent for no limit";
            });
        }
    }

    private static Rejected invalid(String field, String detail) {
        return Rejected.invalidField(field, detail);
    }

    @EventSourcingHandler
    void on(ApiKeyCreated e) {
        id = e.apiKeyId();
        organizationId = e.organizationId();
        name = e.name();
        limits = e.limits() == null ? ApiKeyLimits.NONE : e.limits();
        expiresAt = e.expiresAt();
    }

    @EventSourcingHandler
    void on(ApiKeyRenamed e) {
        name = e.name();
    }

    @EventSourcingHandler
    void on(ApiKeyLimitsChanged e) {
        limits = e.limits();
        expiresAt = e.expiresAt();
    }

    @EventSourcingHandler
    void on(ApiKeyRevoked e) {
        revoked = true;
    }
}
