package io.inventiv.agents.router;

import static org.assertj.core.api.Assertions.assertThat;

import io.inventiv.agents.api.apikey.ApiKeyId;
import io.inventiv.agents.api.apikey.ApiKeyLimits;
import io.inventiv.agents.api.catalog.ModelId;
import io.inventiv.agents.api.common.Actor;
import io.inventiv.agents.api.identity.OrganizationId;
import io.inventiv.agents.api.instance.InstanceId;
import io.inventiv.agents.api.modelservice.ModelServiceId;
import io.inventiv.agents.api.modelservice.ScalingPolicy;
import io.inventiv.agents.api.modelservice.ScalingPolicySet;
import io.inventiv.agents.api.modelservice.TokenPrice;
import io.inventiv.agents.api.modelservice.Visibility;
import io.inventiv.agents.api.share.ShareId;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RoutingTableTest {

    private static final Instant T0 = Instant.parse("2026-03-02T09:00:00Z");
    private static final OrganizationId ACME = OrganizationId.derivedFrom("acme");
    private static final OrganizationId GLOBEX = OrganizationId.derivedFrom("globex");
    private static final ModelId LLAMA = ModelId.of("meta-llama/Llama-3.1-8B-Instruct");
    private static final ModelId QWEN = ModelId.of("qwen/Qwen2.5-7B-Instruct");

    private final RoutingTable table = new RoutingTable();

    private RoutingTable.Key key(OrganizationId organization, Set<String> allowed) {
        RoutingTable.Key key = new RoutingTable.Key(ApiKeyId.random(), organization, new ApiKeyLimits(allowed, null, null, null), null, false, 0);
        table.keyCreated(key, "h-" + key.id());
        return key;
    }

    private RoutingTable.Service service(OrganizationId organization, String name, ModelId model, Visibility visibility) {
        RoutingTable.Service service = new RoutingTable.Service(ModelServiceId.random(), organization, name, model, visibility, false, T0, TokenPrice.FREE);
        table.service(service);
        return service;
    }

    private InstanceId ready(OrganizationId organization, ModelId model, String url) {
        InstanceId id = InstanceId.random();
        table.instanceRequested(id, organization, model, 8192);
        table.instanceReady(id, url);
        return id;
    }

    private java.util.List<RoutingTable.Service> servicesFor(RoutingTable.Key key) {
        return table.servicesFor(key.organizationId(), key.limits());
    }

    @Test
    void a_key_sees_its_organizations_services_and_public_ones_that_have_a_ready_instance_of_their_owner() {
        service(ACME, "acme/bot", LLAMA, Visibility.PRIVATE);
        service(ACME, "acme/idle", QWEN, Visibility.PRIVATE);
        service(GLOBEX, "globex/public", LLAMA, Visibility.PUBLIC);
        service(GLOBEX, "globex/private", LLAMA, Visibility.PRIVATE);
        ready(ACME, LLAMA, "http://10.0.0.1:8000");
        ready(GLOBEX, LLAMA, "http://10.0.0.2:8000");

        assertThat(servicesFor(key(ACME, Set.of()))).extracting(RoutingTable.Service::name).containsExactly("acme/bot", "globex/public");
        assertThat(servicesFor(key(ACME, Set.of("globex/public")))).extracting(RoutingTable.Service::name).containsExactly("globex/public");
    }

    @Test
    void an_instance_that_is_unreachable_or_gone_gives_no_capacity_and_one_that_recovers_does_again() {
        RoutingTable.Service bot = service(ACME, "acme/bot", LLAMA, Visibility.PRIVATE);
        InstanceId instance = ready(ACME, LLAMA, "http://10.0.0.1:8000");
        RoutingTable.Key key = key(ACME, Set.of());

        table.instanceNotReady(instance);
        assertThat(servicesFor(key)).isEmpty();
        table.instanceReady(instance, "http://10.0.0.1:8001");
        assertThat(table.readyBackends(bot)).extracting(RoutingTable.Backend::engineUrl).containsExactly("http://10.0.0.1:8001");
        table.instanceMoved(instance, "http://10.0.0.1:8002");
        assertThat(table.readyBackends(bot)).extracting(RoutingTable.Backend::engineUrl).containsExactly("http://10.0.0.1:8002");
        table.instanceGone(instance);
        assertThat(servicesFor(key)).isEmpty();
    }

    @Test
    void an_unlisted_service_of_another_organization_is_callable_by_its_name_but_not_listed() {
        service(GLOBEX, "globex/unlisted", LLAMA, Visibility.UNLISTED);
        service(GLOBEX, "globex/private", LLAMA, Visibility.PRIVATE);
        ready(GLOBEX, LLAMA, "http://10.0.0.2:8000");
        RoutingTable.Key acme = key(ACME, Set.of());

        assertThat(servicesFor(acme)).isEmpty();
        assertThat(table.serviceFor(ACME, acme.limits(), "globex/unlisted")).isPresent();
        assertThat(table.serviceFor(ACME, acme.limits(), "globex/private")).isEmpty();
        assertThat(servicesFor(key(GLOBEX, Set.of()))).extracting(RoutingTable.Service::name)
                .containsExactly("globex/private", "globex/unlisted");
    }

    @Test
    void a_share_in_force_opens_a_private_service_to_its_consumer_at_the_shares_price_and_paused_or_revoked_it_does_not() {
        OrganizationId initech = OrganizationId.derivedFrom("initech");
        RoutingTable.Service bot = service(GLOBEX, "globex/private", LLAMA, Visibility.PRIVATE);
        ready(GLOBEX, LLAMA, "http://10.0.0.2:8000");
        RoutingTable.Key acme = key(ACME, Set.of());
        ShareId shareId = ShareId.random();
        TokenPrice price = new TokenPrice(new java.math.BigDecimal("0.2"), new java.math.BigDecimal("0.6"));
        table.share(new RoutingTable.Share(shareId, bot.id(), ACME, price, false, false));

        RoutingTable.Service shared = table.serviceFor(ACME, acme.limits(), "globex/private").orElseThrow();
        assertThat(shared.shareId()).isEqualTo(shareId);
        assertThat(shared.price()).isEqualTo(price);
        assertThat(servicesFor(acme)).containsExactly(shared);
        assertThat(table.serviceFor(initech, null, "globex/private")).isEmpty();
        assertThat(table.serviceFor(GLOBEX, null, "globex/private").orElseThrow().price()).isEqualTo(TokenPrice.FREE);
        assertThat(table.serviceFor(ACME, new ApiKeyLimits(Set.of("other/bot"), null, null, null), "globex/private")).isEmpty();

        TokenPrice next = new TokenPrice(new java.math.BigDecimal("0.3"), new java.math.BigDecimal("0.6"));
        table.shareChanged(shareId, s -> s.withPrice(next));
        assertThat(table.serviceFor(ACME, acme.limits(), "globex/private").orElseThrow().price()).isEqualTo(next);
        table.shareChanged(shareId, s -> s.paused(true));
        assertThat(table.serviceFor(ACME, acme.limits(), "globex/private")).isEmpty();
        table.shareChanged(shareId, s -> s.paused(false));
        assertThat(table.serviceFor(ACME, acme.limits(), "globex/private")).isPresent();
        table.shareChanged(shareId, RoutingTable.Share::revoke);
        assertThat(table.serviceFor(ACME, acme.limits(), "globex/private")).isEmpty();
        assertThat(servicesFor(acme)).isEmpty();
    }

    @Test
    void a_public_service_is_charged_at_the_share_price_while_the_share_is_in_force_and_at_its_own_otherwise() {
        TokenPrice list = new TokenPrice(new java.math.BigDecimal("1"), new java.math.BigDecimal("2"));
        RoutingTable.Service bot = new RoutingTable.Service(ModelServiceId.random(), GLOBEX, "globex/public", LLAMA, Visibility.PUBLIC, false, T0, list);
        table.service(bot);
        ShareId shareId = ShareId.random();
        table.share(new RoutingTable.Share(shareId, bot.id(), ACME, TokenPrice.FREE, false, false));

        assertThat(table.serviceFor(ACME, null, "globex/public").orElseThrow().price()).isEqualTo(TokenPrice.FREE);
        table.shareChanged(shareId, s -> s.paused(true));
        RoutingTable.Service own = table.serviceFor(ACME, null, "globex/public").orElseThrow();
        assertThat(own.price()).isEqualTo(list);
        assertThat(own.shareId()).isNull();
        table.serviceChanged(bot.id(), RoutingTable.Service::retire);
        table.shareChanged(shareId, s -> s.paused(false));
        assertThat(table.serviceFor(ACME, null, "globex/public")).isEmpty();
    }

    @Test
    void a_service_with_a_scaling_policy_is_listed_and_found_without_a_ready_instance_until_the_policy_is_removed() {
        RoutingProjection projection = new RoutingProjection(table, new Budgets(Clock.systemUTC()));
        RoutingTable.Service bot = service(ACME, "acme/bot", LLAMA, Visibility.PRIVATE);
        RoutingTable.Key acme = key(ACME, Set.of());
        ShareId shareId = ShareId.random();
        table.share(new RoutingTable.Share(shareId, bot.id(), GLOBEX, TokenPrice.FREE, false, false));
        ScalingPolicy toZero = new ScalingPolicy(java.util.List.of(), 0, 2, 4, null, null, Duration.ofMinutes(1), Duration.ofMinutes(5),
                Duration.ofMinutes(10));
        assertThat(servicesFor(acme)).isEmpty();

        projection.on(new ScalingPolicySet(bot.id(), ACME, LLAMA, null, toZero, Actor.system("test"), T0));
        assertThat(servicesFor(acme)).extracting(RoutingTable.Service::name).containsExactly("acme/bot");
        assertThat(table.serviceFor(ACME, null, "acme/bot").orElseThrow().autoscaled()).isTrue();
        RoutingTable.Service shared = table.serviceFor(GLOBEX, null, "acme/bot").orElseThrow();
        assertThat(shared.shareId()).isEqualTo(shareId);
        assertThat(shared.autoscaled()).isTrue();
        table.serviceChanged(bot.id(), s -> s.withVisibility(Visibility.PUBLIC));
        assertThat(table.serviceFor(ACME, null, "acme/bot").orElseThrow().autoscaled()).isTrue();

        projection.on(new ScalingPolicySet(bot.id(), ACME, LLAMA, toZero, null, Actor.system("test"), T0.plusSeconds(60)));
        assertThat(servicesFor(acme)).isEmpty();
        assertThat(table.serviceFor(GLOBEX, null, "acme/bot").orElseThrow().autoscaled()).isFalse();
    }

    @Test
    void a_revoked_or_expired_key_is_not_usable() {
        RoutingTable.Key key = key(ACME, Set.of());
        assertThat(table.keyByHash("h-" + key.id()).orElseThrow().usableAt(T0)).isTrue();
        table.keyChanged(key.id(), 1, k -> k.limited(k.limits(), T0, 1));
        assertThat(table.keyByHash("h-" + key.id()).orElseThrow().usableAt(T0)).isFalse();
        table.keyChanged(key.id(), 2, k -> k.revoke(2));
        assertThat(table.keyByHash("h-" + key.id()).orElseThrow().usableAt(T0)).isFalse();
        // heard again in log order, an older change does not undo the revocation
        table.keyCreated(new RoutingTable.Key(key.id(), key.organizationId(), key.limits(), null, false, 0), "h-" + key.id());
        table.keyChanged(key.id(), 1, k -> k.limited(k.limits(), null, 1));
        assertThat(table.keyByHash("h-" + key.id()).orElseThrow().revoked()).isTrue();
    }
}
