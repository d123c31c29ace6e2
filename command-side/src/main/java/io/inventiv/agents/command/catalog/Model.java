package io.inventiv.agents.command.catalog;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import io.inventiv.agents.api.catalog.ModelId;
import io.inventiv.agents.api.catalog.ModelRegistered;
import io.inventiv.agents.api.catalog.ModelSpec;
import io.inventiv.agents.api.catalog.ModelUpdated;
import io.inventiv.agents.api.catalog.RegisterModel;
import io.inventiv.agents.api.catalog.UpdateModel;
import io.inventiv.agents.command.catalog.CatalogFacts.ModelFacts;
import java.time.Clock;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.spring.stereotype.Aggregate;

/** A model instances may serve, and what it needs of a machine. */
@Aggregate(lockFactory = CatalogConfiguration.LOCK_FACTORY)
public class Model {

    @AggregateIdentifier
    private ModelId id;
    private ModelSpec spec;
    private boolean active;

    protected Model() {}

    @CommandHandler
    Model(RegisterModel cmd, Clock clock) {
        requireValid(cmd.spec());
        apply(new ModelRegistered(cmd.modelId(), cmd.spec(), cmd.active(), cmd.requestedBy(), clock.instant()));
    }

    @CommandHandler
    void handle(UpdateModel cmd, Clock clock) {
        requireValid(cmd.spec());
        if (cmd.spec().equals(spec) && cmd.active() == active) {
            return;
        }
        apply(new ModelUpdated(id, cmd.spec(), cmd.active(), cmd.requestedBy(), clock.instant()));
    }

    ModelFacts facts() {
        return new ModelFacts(id, spec, active);
    }

    private static void requireValid(ModelSpec spec) {
        if (spec.requiredVramGb() < 1 || spec.dataVolumeGb() < 1 || spec.contextLength() < 1) {
            throw CatalogRejections.invalid("a model needs some GPU memory, a data volume and a context length, all positive");
        }
    }

    @EventSourcingHandler
    void on(ModelRegistered e) {
        id = e.modelId();
        spec = e.spec();
        active = e.active();
    }

    @EventSourcingHandler
    void on(ModelUpdated e) {
        spec = e.spec();
        active = e.active();
    }
}
