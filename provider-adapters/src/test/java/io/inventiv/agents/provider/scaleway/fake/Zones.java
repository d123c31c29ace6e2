package io.inventiv.agents.provider.scaleway.fake;

import java.util.List;

/** The zones the SDK lists for Instances ({@code API.Zones()}). */
final class Zones {

    static final List<String> ALL = List.of("fr-par-1", "fr-par-2", "fr-par-3", "nl-ams-1", "nl-ams-2",
            "nl-ams-3", "pl-waw-1", "pl-waw-2", "pl-waw-3", "it-mil-1");

    private Zones() {}

    static void require(String zone) {
        if (!ALL.contains(zone)) {
            throw ApiError.constraint("zone", "unknown zone " + zone + ", expected one of " + String.join(", ", ALL));
        }
    }
}
