package io.inventiv.agents.router;

import io.inventiv.agents.api.apikey.ApiKeyCreated;
import io.inventiv.agents.api.apikey.ApiKeyLimitsChanged;
import io.inventiv.agents.api.apikey.ApiKeyRevoked;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.SequenceNumber;

/**
 * The keys of the {@link RoutingTable}. Heard twice: by the table's tracking processor, in log order
 * from the beginning (every key, on every node), and by a subscribing processor in the transaction that
 * stores the event (this node's changes take effect before the admin API answers: a revoked key is
 * refused at once). The key's sequence numbers make each event count once, in order.
 */
@ProcessingGroup(KeyProjection.LIVE_PROCESSING_GROUP)
class KeyProjection {

    static final String LIVE_PROCESSING_GROUP = "openai-router-keys";

    private final RoutingTable table;

    KeyProjection(RoutingTable table) {
        this.table = table;
    }

    @EventHandler
    void on(ApiKeyCreated e, @SequenceNumber long version) {
        table.keyCreated(new RoutingTable.Key(e.apiKeyId(), e.organizationId(), e.limits(), e.expiresAt(), false, version), e.secretHash());
    }

    @EventHandler
    void on(ApiKeyLimitsChanged e, @SequenceNumber long version) {
        table.keyChanged(e.apiKeyId(), version, key -> key.limited(e.limits(), e.expiresAt(), version));
    }

    @EventHandler
    void on(ApiKeyRevoked e, @SequenceNumber long version) {
        table.keyChanged(e.apiKeyId(), version, key -> key.revoke(version));
    }
}
