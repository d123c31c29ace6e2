package io.inventiv.agents.router;

import io.inventiv.agents.api.apikey.ApiKeyCreated;
import io.inventiv.agents.api.apikey.ApiKeyLimitsChanged;
import io.inventiv.agents.api.apikey.ApiKeyRevoked;
import io.inventiv.agents.api.instance.InstanceBecameUnreachable;
import io.inventiv.agents.api.instance.InstanceProvisioningRequested;
import io.inventiv.agents.api.instance.InstanceReady;
import io.inventiv.agents.api.instance.InstanceRecovered;
import io.inventiv.agents.api.instance.InstanceServerVanished;
import io.inventiv.agents.api.instance.InstanceStartupFailed;
import io.inventiv.agents.api.instance.InstanceTerminationRequested;
import io.inventiv.agents.api.instance.WorkerEndpointsChanged;
import io.inventiv.agents.api.modelservice.ModelServiceCreated;
import io.inventiv.agents.api.modelservice.ModelServiceRetired;
import io.inventiv.agents.api.modelservice.ModelServiceVisibilityChanged;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;

/**
 * Keeps the {@link RoutingTable} from the event log. Its processor starts from the beginning of the log
 * at every start of the node (its position is kept in memory), so the table is rebuilt and then follows.
 */
@ProcessingGroup(RoutingProjection.PROCESSING_GROUP)
class RoutingProjection {

    static final String PROCESSING_GROUP = "openai-router";

    private final RoutingTable table;

    RoutingProjection(RoutingTable table) {
        this.table = table;
    }

    @EventHandler
    void on(ApiKeyCreated e) {
        table.keyCreated(new RoutingTable.Key(e.apiKeyId(), e.organizationId(), e.limits(), e.expiresAt(), false), e.secretHash());
    }

    @EventHandler
    void on(ApiKeyLimitsChanged e) {
        table.keyChanged(e.apiKeyId(), key -> new RoutingTable.Key(key.id(), key.organizationId(), e.limits(), e.expiresAt(), key.revoked()));
    }

    @EventHandler
    void on(ApiKeyRevoked e) {
        table.keyChanged(e.apiKeyId(), key -> new RoutingTable.Key(key.id(), key.organizationId(), key.limits(), key.expiresAt(), true));
    }

    @EventHandler
    void on(ModelServiceCreated e) {
        table.service(new RoutingTable.Service(e.modelServiceId(), e.organizationId(), e.name(), e.modelId(), e.visibility(), false, e.at()));
    }

    @EventHandler
    void on(ModelServiceVisibilityChanged e) {
        table.serviceChanged(e.modelServiceId(), s -> new RoutingTable.Service(s.id(), s.organizationId(), s.name(), s.modelId(), e.visibility(),
                s.retired(), s.createdAt()));
    }

    @EventHandler
    void on(ModelServiceRetired e) {
        table.serviceChanged(e.modelServiceId(), s -> new RoutingTable.Service(s.id(), s.organizationId(), s.name(), s.modelId(), s.visibility(),
                true, s.createdAt()));
    }

    @EventHandler
    void on(InstanceProvisioningRequested e) {
        if (e.organizationId() != null) {
            table.instanceRequested(e.instanceId(), e.organizationId(), e.modelId());
        }
    }

    @EventHandler
    void on(InstanceReady e) {
        table.instanceReady(e.instanceId(), e.engineUrl());
    }

    @EventHandler
    void on(InstanceRecovered e) {
        table.instanceReady(e.instanceId(), e.engineUrl());
    }

    @EventHandler
    void on(WorkerEndpointsChanged e) {
        // a READY instance moved: it serves at its new address; one not READY stays so
        table.instanceMoved(e.instanceId(), e.engineUrl());
    }

    @EventHandler
    void on(InstanceBecameUnreachable e) {
        table.instanceNotReady(e.instanceId());
    }

    @EventHandler
    void on(InstanceStartupFailed e) {
        table.instanceGone(e.instanceId());
    }

    @EventHandler
    void on(InstanceTerminationRequested e) {
        table.instanceGone(e.instanceId());
    }

    @EventHandler
    void on(InstanceServerVanished e) {
        table.instanceGone(e.instanceId());
    }
}
