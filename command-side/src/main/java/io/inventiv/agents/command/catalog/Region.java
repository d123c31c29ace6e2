package io.inventiv.agents.command.catalog;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import io.inventiv.agents.api.catalog.CreateRegion;
import io.inventiv.agents.api.catalog.ProviderId;
import io.inventiv.agents.api.catalog.RegionCreated;
import io.inventiv.agents.api.catalog.RegionId;
import io.inventiv.agents.api.catalog.RegionUpdated;
import io.inventiv.agents.api.catalog.UpdateRegion;
import io.inventiv.agents.command.catalog.CatalogFacts.RegionFacts;
import java.time.Clock;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.spring.stereotype.Aggregate;

/** A region of a provider, grouping zones. */
@Aggregate(lockFactory = CatalogConfiguration.LOCK_FACTORY)
public class Region {

    @AggregateIdentifier
    private RegionId id;
    private ProviderId providerId;
    private String code;
    private String name;
    private boolean active;

    protected Region() {}

    @CommandHandler
    Region(CreateRegion cmd, CatalogLookup catalog, Clock clock) {
        catalog.provider(cmd.providerId()).orElseThrow(() -> CatalogRejections.unknown("provider", cmd.providerId()));
        apply(new RegionCreated(cmd.regionId(), cmd.providerId(), cmd.code(), cmd.name(), cmd.requestedBy(), clock.instant()));
    }

    @CommandHandler
    void handle(UpdateRegion cmd, Clock clock) {
        if (cmd.name().equals(name) && cmd.active() == active) {
            return;
        }
        apply(new RegionUpdated(id, cmd.name(), cmd.active(), cmd.requestedBy(), clock.instant()));
    }

    RegionFacts facts() {
        return new RegionFacts(id, providerId, code, active);
    }

    @EventSourcingHandler
    void on(RegionCreated e) {
        id = e.regionId();
        providerId = e.providerId();
        code = e.code();
        name = e.name();
        active = true;
    }

    @EventSourcingHandler
    void on(RegionUpdated e) {
        name = e.name();
        active = e.active();
    }
}
