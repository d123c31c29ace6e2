package io.inventiv.agents.command.share;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import io.inventiv.agents.api.identity.OrganizationId;
import io.inventiv.agents.api.modelservice.ModelServiceId;
import io.inventiv.agents.api.modelservice.TokenPrice;
import io.inventiv.agents.api.share.ChangeSharePrice;
import io.inventiv.agents.api.share.GrantShare;
import io.inventiv.agents.api.share.PauseShare;
import io.inventiv.agents.api.share.ResumeShare;
import io.inventiv.agents.api.share.RevokeShare;
import io.inventiv.agents.api.share.ShareGranted;
import io.inventiv.agents.api.share.ShareId;
import io.inventiv.agents.api.share.SharePaused;
import io.inventiv.agents.api.share.SharePriceChanged;
import io.inventiv.agents.api.share.ShareResumed;
import io.inventiv.agents.api.share.ShareRevoked;
import io.inventiv.agents.command.modelservice.TokenPrices;
import io.inventiv.agents.command.share.ShareParties.SharedService;
import io.inventiv.agents.support.web.Rejected;
import java.time.Clock;
import java.util.Map;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.spring.stereotype.Aggregate;

/**
 * A contract between two organizations: the provider offers one of its model services to the consumer at
 * a price per 1 000 prompt and completion tokens. While in force the consumer may call the service, even a
 * private one, and is charged the share's price; paused, it is as if there were none; revoked, for good.
 * Only the provider changes it.
 */
@Aggregate
public class Share {

    @AggregateIdentifier
    private ShareId id;
    private OrganizationId providerOrganizationId;
    private TokenPrice price;
    private boolean paused;
    private boolean revoked;

    protected Share() {}

    @CommandHandler
    Share(GrantShare cmd, ShareParties parties, Clock clock) {
        ModelServiceId serviceId = cmd.modelServiceId();
        SharedService service = parties.service(serviceId)
                .filter(s -> cmd.organizationScope() == null || cmd.organizationScope().equals(s.organizationId()))
                .orElseThrow(() -> new Rejected("unknown-model-service", "Unknown model service", 422,
                        "no model service " + serviceId + " is published by the organization", Map.of("model_service_id", String.valueOf(serviceId))));
        if (service.retired()) {
            throw new Rejected("model-service-retired", "Model service retired", 409, "model service " + serviceId + " is retired",
                    Map.of("model_service_id", serviceId.toString()));
        }
        OrganizationId consumer = cmd.consumerOrganizationId();
        if (consumer == null || !parties.organizationExists(consumer)) {
            throw new Rejected("unknown-organization", "Unknown organization", 422, "no organization " + consumer + " exists",
                    Map.of("consumer_organization_id", String.valueOf(consumer)));
        }
        if (consumer.equals(service.organizationId())) {
            throw Rejected.invalidField("consumer_organization_id", "a service is shared with another organization than the one publishing it");
        }
        TokenPrice terms = TokenPrices.requireValid(cmd.price() == null ? service.price() : cmd.price());
        apply(new ShareGranted(cmd.shareId(), serviceId, service.name(), service.organizationId(), consumer, terms, cmd.grantedBy(),
                clock.instant()));
    }

    @CommandHandler
    void handle(ChangeSharePrice cmd, Clock clock) {
        requireInForceWithin(cmd.organizationScope(), "change the price of");
        TokenPrice next = TokenPrices.requireValid(cmd.price());
        if (!next.sameAs(price)) {
            apply(new SharePriceChanged(id, price, next, cmd.requestedBy(), clock.instant()));
        }
    }

    @CommandHandler
    void handle(PauseShare cmd, Clock clock) {
        requireInForceWithin(cmd.organizationScope(), "pause");
        if (!paused) {
            apply(new SharePaused(id, cmd.reason(), cmd.requestedBy(), clock.instant()));
        }
    }

    @CommandHandler
    void handle(ResumeShare cmd, Clock clock) {
        requireInForceWithin(cmd.organizationScope(), "resume");
        if (paused) {
            apply(new ShareResumed(id, cmd.requestedBy(), clock.instant()));
        }
    }

    @CommandHandler
    void handle(RevokeShare cmd, Clock clock) {
        requireVisibleWithin(cmd.organizationScope());
        if (!revoked) {
            apply(new ShareRevoked(id, cmd.reason(), cmd.requestedBy(), clock.instant()));
        }
    }

    private void requireInForceWithin(OrganizationId scope, String action) {
        requireVisibleWithin(scope);
        if (revoked) {
            throw new Rejected("share-revoked", "Share revoked", 409, "share " + id + " is revoked, so no one can " + action
                    + " it any more; grant a new one", Map.of("share_id", id.toString()));
        }
    }

    private void requireVisibleWithin(OrganizationId scope) {
        if (scope != null && !scope.equals(providerOrganizationId)) {
            throw Rejected.notFound(id);
        }
    }

    @EventSourcingHandler
    void on(ShareGranted e) {
        id = e.shareId();
        providerOrganizationId = e.providerOrganizationId();
        price = e.price();
    }

    @EventSourcingHandler
    void on(SharePriceChanged e) {
        price = e.price();
    }

    @EventSourcingHandler
    void on(SharePaused e) {
        paused = true;
    }

    @EventSourcingHandler
    void on(ShareResumed e) {
        paused = false;
    }

    @EventSourcingHandler
    void on(ShareRevoked e) {
        revoked = true;
    }
}
