package io.inventiv.agents.command.catalog;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import io.inventiv.agents.api.catalog.CreateInstanceType;
import io.inventiv.agents.api.catalog.InstanceTypeCreated;
import io.inventiv.agents.api.catalog.InstanceTypeId;
import io.inventiv.agents.api.catalog.InstanceTypePriceChanged;
import io.inventiv.agents.api.catalog.InstanceTypeSpec;
import io.inventiv.agents.api.catalog.InstanceTypeUpdated;
import io.inventiv.agents.api.catalog.InstanceTypeZonesChanged;
import io.inventiv.agents.api.catalog.ProviderId;
import io.inventiv.agents.api.catalog.SetInstanceTypeZones;
import io.inventiv.agents.api.catalog.UpdateInstanceType;
import io.inventiv.agents.api.catalog.ZoneId;
import io.inventiv.agents.command.catalog.CatalogFacts.InstanceTypeFacts;
import io.inventiv.agents.command.catalog.CatalogFacts.ZoneFacts;
import java.math.BigDecimal;
import java.time.Clock;
import java.util.LinkedHashSet;
import java.util.Set;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.spring.stereotype.Aggregate;

/** A machine type a provider sells by the hour, and the zones that offer it. */
@Aggregate(lockFactory = CatalogConfiguration.LOCK_FACTORY)
public class InstanceType {

    @AggregateIdentifier
    private InstanceTypeId id;
    private ProviderId providerId;
    private String code;
    private InstanceTypeSpec spec;
    private BigDecimal hourlyPriceEur;
    private boolean active;
    private Set<ZoneId> zoneIds = Set.of();

    protected InstanceType() {}

    @CommandHandler
    InstanceType(CreateInstanceType cmd, CatalogLookup catalog, Clock clock) {
        catalog.provider(cmd.providerId()).orElseThrow(() -> CatalogRejections.unknown("provider", cmd.providerId()));
        requireValid(cmd.spec(), cmd.hourlyPriceEur());
        apply(new InstanceTypeCreated(cmd.typeId(), cmd.providerId(), cmd.code(), cmd.spec(), cmd.hourlyPriceEur(),
                cmd.requestedBy(), clock.instant()));
    }

    @CommandHandler
    void handle(UpdateInstanceType cmd, Clock clock) {
        requireValid(cmd.spec(), cmd.hourlyPriceEur());
        if (!cmd.spec().equals(spec) || cmd.active() != active) {
            apply(new InstanceTypeUpdated(id, cmd.spec(), cmd.active(), cmd.requestedBy(), clock.instant()));
        }
        if (cmd.hourlyPriceEur().compareTo(hourlyPriceEur) != 0) {
            apply(new InstanceTypePriceChanged(id, hourlyPriceEur, cmd.hourlyPriceEur(), cmd.requestedBy(), clock.instant()));
        }
    }

    @CommandHandler
    void handle(SetInstanceTypeZones cmd, CatalogLookup catalog, Clock clock) {
        for (ZoneId zoneId : cmd.zoneIds()) {
            ZoneFacts zone = catalog.zone(zoneId).orElseThrow(() -> CatalogRejections.unknown("zone", zoneId));
            if (!zone.providerId().equals(providerId)) {
                throw CatalogRejections.invalid("zone " + zone.code() + " belongs to another provider than instance type " + code);
            }
        }
        Set<ZoneId> wanted = new LinkedHashSet<>(cmd.zoneIds());
        if (wanted.equals(zoneIds)) {
            return;
        }
        Set<ZoneId> added = new LinkedHashSet<>(wanted);
        added.removeAll(zoneIds);
        Set<ZoneId> removed = new LinkedHashSet<>(zoneIds);
        removed.removeAll(wanted);
        apply(new InstanceTypeZonesChanged(id, wanted, added, removed, cmd.requestedBy(), clock.instant()));
    }

    InstanceTypeFacts facts() {
        return new InstanceTypeFacts(id, providerId, code, spec, active, zoneIds);
    }

    private static void requireValid(InstanceTypeSpec spec, BigDecimal price) {
        if (spec.gpuCount() < 1 || spec.vramPerGpuGb() < 1 || spec.vcpus() < 1 || spec.ramGb() < 1) {
            throw CatalogRejections.invalid("an instance type has at least one GPU with some memory, one vCPU and some RAM");
        }
        if (price.signum() < 0) {
            throw CatalogRejections.invalid("an hourly price cannot be negative");
        }
    }

    @EventSourcingHandler
    void on(InstanceTypeCreated e) {
        id = e.typeId();
        providerId = e.providerId();
        code = e.code();
        spec = e.spec();
        hourlyPriceEur = e.hourlyPriceEur();
        active = true;
    }

    @EventSourcingHandler
    void on(InstanceTypeUpdated e) {
        spec = e.spec();
        active = e.active();
    }

    @EventSourcingHandler
    void on(InstanceTypePriceChanged e) {
        hourlyPriceEur = e.hourlyPriceEur();
    }

    @EventSourcingHandler
    void on(InstanceTypeZonesChanged e) {
        zoneIds = Set.copyOf(e.zoneIds());
    }
}
