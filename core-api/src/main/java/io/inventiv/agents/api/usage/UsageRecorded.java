package io.inventiv.agents.api.usage;

import io.inventiv.agents.api.apikey.ApiKeyId;
import io.inventiv.agents.api.catalog.ModelId;
import io.inventiv.agents.api.identity.OrganizationId;
import io.inventiv.agents.api.identity.UserId;
import io.inventiv.agents.api.instance.InstanceId;
import io.inventiv.agents.api.modelservice.ModelServiceId;
import io.inventiv.agents.api.modelservice.TokenPrice;
import io.inventiv.agents.api.share.ShareId;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

/**
 * Tokens used through the OpenAI-compatible API in one minute, by one caller (a key, or a signed-in user
 * of the workbench), on one model service and one instance, at one price, as a router node counted them
 * from the engines' own {@code usage}. Written in batches, a row once: never one event per request.
 * The cost is exact (prompt × prompt price / 1000 + completion × completion price / 1000, unrounded).
 *
 * @param batchId        the batch of the node that wrote it
 * @param minute         the minute the requests ended in (UTC, seconds zero)
 * @param organizationId the organization that called (pays)
 * @param apiKeyId       the key called with; {@code null} for the workbench
 * @param userId         the signed-in user of the workbench; {@code null} for a key
 * @param serviceOrganizationId the organization that publishes the model service (is paid)
 * @param instanceId     the instance that answered; {@code null} for requests that reached none
 * @param requests       requests that ended in that minute, answered or not
 * @param failedRequests of which the engine refused or failed, or the client left before the end
 * @param price          the service's own price, or the share's when the caller used the service through one
 * @param shareId        the share the caller used the service through; {@code null}: its own or a public service, at its own price
 */
public record UsageRecorded(UUID batchId, Instant minute, OrganizationId organizationId, ApiKeyId apiKeyId, UserId userId,
                            ModelServiceId modelServiceId, String modelServiceName, OrganizationId serviceOrganizationId, ModelId modelId,
                            InstanceId instanceId, long requests, long failedRequests, long promptTokens, long completionTokens,
                            TokenPrice price, BigDecimal costEur, ShareId shareId) {

    public static BigDecimal cost(long promptTokens, long completionTokens, TokenPrice price) {
        return price.promptPer1k().multiply(BigDecimal.valueOf(promptTokens)).add(price.completionPer1k().multiply(BigDecimal.valueOf(completionTokens)))
                .movePointLeft(3).stripTrailingZeros();
    }
}
