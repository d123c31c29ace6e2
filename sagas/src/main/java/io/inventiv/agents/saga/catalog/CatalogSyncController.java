package io.inventiv.agents.saga.catalog;

import java.util.List;
import java.util.Map;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/** Syncs the catalog from the providers on demand (it also runs on a schedule). Platform admins only. */
@RestController
public class CatalogSyncController {

    private final CatalogSync sync;

    CatalogSyncController(CatalogSync sync) {
        this.sync = sync;
    }

    /** Regions, zones, GPU types, hourly prices and per-zone availability, from every provider whose catalog is synced. */
    @PostMapping("/catalog/sync")
    Map<String, Object> sync() {
        List<CatalogSync.Outcome> outcomes = sync.syncAll();
        return Map.of("providers", outcomes);
    }
}
