package io.inventiv.agents.command.instance;

import io.inventiv.agents.api.identity.OrganizationRole;
import io.inventiv.agents.api.instance.ArchiveInstance;
import io.inventiv.agents.api.instance.InstanceId;
import io.inventiv.agents.api.instance.TerminateInstance;
import io.inventiv.agents.support.security.Caller;
import io.swagger.v3.oas.annotations.Operation;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Ends an instance, and archives it once it has ended. */
@RestController
class InstanceCommandController {

    private final CommandGateway commands;

    InstanceCommandController(CommandGateway commands) {
        this.commands = commands;
    }

    record InstanceAccepted(InstanceId instanceId, String action, String href) {}

    @Operation(summary = "Terminate an instance", description = "Drains it, then deletes its server and volumes at the provider. Needs the admin role in the instance's organization.")
    @DeleteMapping("/instances/{id}")
    ResponseEntity<InstanceAccepted> terminate(@AuthenticationPrincipal Caller caller, @PathVariable InstanceId id,
                                               @RequestParam(required = false, defaultValue = "requested by an operator")
                                               @Size(max = 500) @Pattern(regexp = "[^\\x00]*", message = "must not contain the NUL character")
                                               String reason) {
        caller.requireRole(OrganizationRole.ADMIN, "terminate instances");
        commands.sendAndWait(new TerminateInstance(id, caller.actor(), reason, caller.scope().orElse(null)));
        return ResponseEntity.accepted().body(new InstanceAccepted(id, "terminate", "/instances/" + id));
    }

    @Operation(summary = "Archive a finished instance", description = "Only TERMINATED or PROVISIONING_FAILED instances can be archived.")
    @PutMapping("/instances/{id}/archive")
    ResponseEntity<InstanceAccepted> archive(@AuthenticationPrincipal Caller caller, @PathVariable InstanceId id) {
        caller.requireRole(OrganizationRole.ADMIN, "archive instances");
        commands.sendAndWait(new ArchiveInstance(id, caller.actor(), caller.scope().orElse(null)));
        return ResponseEntity.ok(new InstanceAccepted(id, "archive", "/instances/" + id));
    }
}
