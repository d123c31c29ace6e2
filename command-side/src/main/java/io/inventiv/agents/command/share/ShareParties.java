package io.inventiv.agents.command.share;

import io.inventiv.agents.api.identity.OrganizationId;
import io.inventiv.agents.api.modelservice.ModelServiceId;
import io.inventiv.agents.api.modelservice.TokenPrice;
import java.util.Optional;

/** What a share's grant depends on: the service shared and the organization it is shared with, as committed before it. */
public interface ShareParties {

    /** A published model service, as a share sees it. */
    record SharedService(ModelServiceId id, String name, OrganizationId organizationId, TokenPrice price, boolean retired) {}

    Optional<SharedService> service(ModelServiceId id);

    boolean organizationExists(OrganizationId id);
}
