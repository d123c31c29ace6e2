package io.inventiv.agents.command.instance;

import io.inventiv.agents.api.instance.InstanceId;
import io.inventiv.agents.api.instance.InstanceState;
import io.inventiv.agents.support.web.Rejected;
import java.util.Map;

/** A command that the instance's current state does not allow. */
public class InstanceStateConflict extends Rejected {

    public InstanceStateConflict(InstanceId id, InstanceState state, String action) {
        this(id, state, action, "instance " + id + " is " + state + " and cannot " + action);
    }

    public InstanceStateConflict(InstanceId id, InstanceState state, String action, String detail) {
        super("instance-state-conflict", "Instance state does not allow this", 409, detail,
                Map.of("instance_id", id.toString(), "current_state", state.name(), "action", action));
    }
}
