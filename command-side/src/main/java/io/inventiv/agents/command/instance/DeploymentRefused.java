package io.inventiv.agents.command.instance;

import io.inventiv.agents.support.web.Rejected;
import java.util.Map;

/** A deployment the catalog does not allow: an inactive model, a type not offered in the zone, too little GPU memory. */
public class DeploymentRefused extends Rejected {

    public DeploymentRefused(String reason, String detail, Map<String, Object> properties) {
        super("deployment-refused", "Deployment refused: " + reason, 422, detail, properties);
    }
}
