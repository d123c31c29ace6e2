package io.inventiv.agents.command.catalog;

import io.inventiv.agents.support.web.Rejected;
import java.util.Map;

/** The catalog's refusals, each one a problem a client can act on. */
public final class CatalogRejections {

    private CatalogRejections() {}

    /** A request names a catalog entry that does not exist. */
    public static Rejected unknown(String kind, Object id) {
        return new Rejected("unknown-reference", "Unknown " + kind, 422,
                "no " + kind + " with id " + id + " exists", Map.of("field", kind + "_id", "value", String.valueOf(id)));
    }

    public static Rejected alreadyExists(String kind, Object id, String code) {
        return new Rejected("already-exists", kind.substring(0, 1).toUpperCase() + kind.substring(1) + " already exists", 409,
                "a " + kind + " '" + code + "' already exists with id " + id, Map.of("id", String.valueOf(id)));
    }

    public static Rejected invalid(String detail) {
        return new Rejected("catalog-rule", "Catalog rule violated", 422, detail, Map.of());
    }
}
