package io.inventiv.agents.router;

import io.inventiv.agents.api.instance.InstanceBecameUnreachable;
import io.inventiv.agents.api.instance.InstanceProvisioningRequested;
import io.inventiv.agents.api.instance.InstanceReady;
import io.inventiv.agents.api.instance.InstanceRecovered;
import io.inventiv.agents.api.instance.InstanceServerVanished;
import io.inventiv.agents.api.instance.InstanceStartupFailed;
import io.inventiv.agents.api.instance.InstanceTerminationRequested;
import io.inventiv.agents.api.instance.WorkerEndpointsChanged;
import io.inventiv.agents.api.modelservice.ModelServiceCreated;
import io.inventiv.agents.api.modelservice.ModelServicePriceChanged;
import io.inventiv.agents.api.modelservice.ModelServiceRetired;
import io.inventiv.agents.api.modelservice.ModelServiceVisibilityChanged;
import io.inventiv.agents.api.modelservice.ScalingPolicySet;
import io.inventiv.agents.api.share.ShareGranted;
import io.inventiv.agents.api.share.SharePaused;
import io.inventiv.agents.api.share.SharePriceChanged;
import io.inventiv.agents.api.share.ShareResumed;
import io.inventiv.agents.api.share.ShareRevoked;
import io.inventiv.agents.api.usage.UsageRecorded;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;

/**
 * Keeps the {@link RoutingTable} from the event log, and the spending that {@link Budgets} are held to. Its processor starts from the beginning of the log
 * at every start of the node (its position is kept in memory), so the table is rebuilt and then follows.
 */
@ProcessingGroup(RoutingProjection.PROCESSING_GROUP)
class RoutingProjection extends KeyProjection {

    static final String PROCESSING_GROUP = "openai-router";

    private final RoutingTable table;
    private final Budgets budgets;

    RoutingProjection(RoutingTable table, Budgets budgets) {
        super(table);
        this.table = table;
        this.budgets = budgets;
    }

    @EventHandler
    void on(io.inventiv.agents.api.identity.OrganizationBudgetChanged e) {
        budgets.organizationBudget(e.organizationId(), e.budget());
    }

    @EventHandler
    void on(UsageRecorded e) {
        budgets.recorded(e);
    }

    @EventHandler
    void on(ModelServiceCreated e) {
        table.service(new RoutingTable.Service(e.modelServiceId(), e.organizationId(), e.name(), e.modelId(), e.visibility(), false, e.at(),
                e.price()));
    }

    @EventHandler
    void on(ModelServiceVisibilityChanged e) {
        table.serviceChanged(e.modelServiceId(), s -> s.withVisibility(e.visibility()));
    }

    @EventHandler
    void on(ModelServicePriceChanged e) {
        table.serviceChanged(e.modelServiceId(), s -> s.withPrice(e.price()));
    }

    @EventHandler
    void on(ScalingPolicySet e) {
        table.serviceChanged(e.modelServiceId(), s -> s.autoscaled(e.policy() != null));
    }

    @EventHandler
    void on(ModelServiceRetired e) {
        table.serviceChanged(e.modelServiceId(), RoutingTable.Service::retire);
    }

    @EventHandler
    void on(ShareGranted e) {
        table.share(new RoutingTable.Share(e.shareId(), e.modelServiceId(), e.consumerOrganizationId(), e.price(), false, false));
    }

    @EventHandler
    void on(SharePriceChanged e) {
        table.shareChanged(e.shareId(), s -> s.withPrice(e.price()));
    }

    @EventHandler
    void on(SharePaused e) {
        table.shareChanged(e.shareId(), s -> s.paused(true));
    }

    @EventHandler
    void on(ShareResumed e) {
        table.shareChanged(e.shareId(), s -> s.paused(false));
    }

    @EventHandler
    void on(ShareRevoked e) {
        table.shareChanged(e.shareId(), RoutingTable.Share::revoke);
    }

    @EventHandler
    void on(InstanceProvisioningRequested e) {
        if (e.organizationId() != null) {
            table.instanceRequested(e.instanceId(), e.organizationId(), e.modelId(), e.contextLength());
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
