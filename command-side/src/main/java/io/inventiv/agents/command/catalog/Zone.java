package io.inventiv.agents.command.catalog;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import io.inventiv.agents.api.catalog.CreateZone;
import io.inventiv.agents.api.catalog.ProviderId;
import io.inventiv.agents.api.catalog.RegionId;
import io.inventiv.agents.api.catalog.UpdateZone;
import io.inventiv.agents.api.catalog.ZoneCreated;
import io.inventiv.agents.api.catalog.ZoneId;
import io.inventiv.agents.api.catalog.ZoneUpdated;
import io.inventiv.agents.command.catalog.CatalogFacts.RegionFacts;
import io.inventiv.agents.command.catalog.CatalogFacts.ZoneFacts;
import java.time.Clock;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.spring.stereotype.Aggregate;

/** An availability zone: where machines are placed. */
@Aggregate(lockFactory = CatalogConfiguration.LOCK_FACTORY)
public class Zone {

    @AggregateIdentifier
    private ZoneId id;
    private RegionId regionId;
    private ProviderId providerId;
    private String code;
    private String name;
    private boolean active;

    protected Zone() {}

    @CommandHandler
    Zone(CreateZone cmd, CatalogLookup catalog, Clock clock) {
        RegionFacts region = catalog.region(cmd.regionId()).orElseThrow(() -> CatalogRejections.unknown("region", cmd.regionId()));
        apply(new ZoneCreated(cmd.zoneId(), region.id(), region.providerId(), cmd.code(), cmd.name(), cmd.requestedBy(), clock.instant()));
    }

    @CommandHandler
    void handle(UpdateZone cmd, Clock clock) {
        if (cmd.name().equals(name) && cmd.active() == active) {
            return;
        }
        apply(new ZoneUpdated(id, cmd.name(), cmd.active(), cmd.requestedBy(), clock.instant()));
    }

    ZoneFacts facts() {
        return new ZoneFacts(id, regionId, providerId, code, active);
    }

    @EventSourcingHandler
    void on(ZoneCreated e) {
        id = e.zoneId();
        regionId = e.regionId();
        providerId = e.providerId();
        code = e.code();
        name = e.name();
        active = true;
    }

    @EventSourcingHandler
    void on(ZoneUpdated e) {
        name = e.name();
        active = e.active();
    }
}
