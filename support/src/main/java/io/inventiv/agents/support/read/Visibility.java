package io.inventiv.agents.support.read;

import io.inventiv.agents.support.security.Caller;
import java.util.List;
import java.util.UUID;

/**
 * Restricts a read to what the caller may see: the rows of their organization, or every row for a
 * platform admin (who may still narrow to one organization).
 */
public final class Visibility {

    private Visibility() {}

    /** A SQL condition (starting with " and") on {@code column}, its argument added to {@code args}. */
    public static String condition(Caller caller, UUID requestedOrganization, String column, List<Object> args) {
        UUID organization = caller.scope().map(o -> o.value()).orElse(requestedOrganization);
        if (organization == null) {
            return "";
        }
        args.add(organization);
        return " and " + column + " = ?";
    }
}
