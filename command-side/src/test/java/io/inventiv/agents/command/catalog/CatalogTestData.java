package io.inventiv.agents.command.catalog;

import io.inventiv.agents.api.common.Actor;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

/** Time and actors shared by the catalog aggregate tests. */
final class CatalogTestData {

    static final Instant T0 = Instant.parse("2026-03-02T09:00:00Z");
    static final Instant EARLIER = T0.minusSeconds(3600);
    static final Clock CLOCK = Clock.fixed(T0, ZoneOffset.UTC);
    static final Actor ADMIN = Actor.user("user-alice", "alice");
    static final Actor LOADER = Actor.system("default-catalog");

    private CatalogTestData() {}
}
