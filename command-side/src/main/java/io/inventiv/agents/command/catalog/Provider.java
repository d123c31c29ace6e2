package io.inventiv.agents.command.catalog;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import io.inventiv.agents.api.catalog.CreateProvider;
import io.inventiv.agents.api.catalog.ProviderCreated;
import io.inventiv.agents.api.catalog.ProviderId;
import io.inventiv.agents.api.catalog.ProviderUpdated;
import io.inventiv.agents.api.catalog.UpdateProvider;
import io.inventiv.agents.command.catalog.CatalogFacts.ProviderFacts;
import java.time.Clock;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.spring.stereotype.Aggregate;

/** A cloud provider the platform can rent machines from. */
@Aggregate(lockFactory = CatalogConfiguration.LOCK_FACTORY)
public class Provider {

    @AggregateIdentifier
    private ProviderId id;
    private String code;
    private String name;
    private boolean active;

    protected Provider() {}

    @CommandHandler
    Provider(CreateProvider cmd, Clock clock) {
        apply(new ProviderCreated(cmd.providerId(), cmd.code(), cmd.name(), cmd.requestedBy(), clock.instant()));
    }

    @CommandHandler
    void handle(UpdateProvider cmd, Clock clock) {
        if (cmd.name().equals(name) && cmd.active() == active) {
            return;
        }
        apply(new ProviderUpdated(id, cmd.name(), cmd.active(), cmd.requestedBy(), clock.instant()));
    }

    ProviderFacts facts() {
        return new ProviderFacts(id, code, active);
    }

    @EventSourcingHandler
    void on(ProviderCreated e) {
        id = e.providerId();
        code = e.code();
        name = e.name();
        active = true;
    }

    @EventSourcingHandler
    void on(ProviderUpdated e) {
        name = e.name();
        active = e.active();
    }
}
