package io.inventiv.agents.router;

import io.inventiv.agents.api.apikey.ApiKeyId;
import io.inventiv.agents.api.apikey.ApiKeyLimits;
import io.inventiv.agents.api.identity.OrganizationId;
import io.inventiv.agents.api.identity.UserId;

/**
 * Who a request of the OpenAI-compatible API comes from: a key of an organization, or a user signed in to
 * the admin API calling from the workbench on behalf of their current organization.
 *
 * @param apiKeyId {@code null} for the workbench
 * @param userId   {@code null} for a key
 * @param limits   the key's limits; {@code null} for the workbench (the organization's budget still applies)
 */
record Client(ApiKeyId apiKeyId, UserId userId, OrganizationId organizationId, ApiKeyLimits limits) {

    static Client of(RoutingTable.Key key) {
        return new Client(key.id(), null, key.organizationId(), key.limits());
    }

    static Client workbench(UserId user, OrganizationId organization) {
        return new Client(null, user, organization, null);
    }
}
