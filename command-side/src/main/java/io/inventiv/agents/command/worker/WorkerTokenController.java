package io.inventiv.agents.command.worker;

import io.inventiv.agents.api.identity.OrganizationRole;
import io.inventiv.agents.api.instance.InstanceId;
import io.inventiv.agents.api.instance.RequestWorkerTokenRotation;
import io.inventiv.agents.api.instance.RevokeWorkerToken;
import io.inventiv.agents.support.security.Caller;
import io.swagger.v3.oas.annotations.Operation;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Operators rotate or revoke the token an instance's worker is heard with. */
@RestController
class WorkerTokenController {

    private final CommandGateway commands;

    WorkerTokenController(CommandGateway commands) {
        this.commands = commands;
    }

    record TokenAction(InstanceId instanceId, String action, String href) {}

    @Operation(summary = "Rotate a worker's token", description = "The worker replaces its token at its next heartbeat. Needs the admin role in the instance's organization.")
    @PostMapping("/instances/{id}/worker/token/rotation")
    ResponseEntity<TokenAction> rotate(@AuthenticationPrincipal Caller caller, @PathVariable InstanceId id) {
        caller.requireRole(OrganizationRole.ADMIN, "rotate worker tokens");
        commands.sendAndWait(new RequestWorkerTokenRotation(id, caller.actor(), caller.scope().orElse(null)));
        return ResponseEntity.accepted().body(new TokenAction(id, "rotate-worker-token", "/instances/" + id));
    }

    @Operation(summary = "Revoke a worker's token", description = "The worker is refused until it is installed again. Needs the admin role in the instance's organization.")
    @DeleteMapping("/instances/{id}/worker/token")
    ResponseEntity<TokenAction> revoke(@AuthenticationPrincipal Caller caller, @PathVariable InstanceId id,
                                       @RequestParam(required = false, defaultValue = "revoked by an operator")
                                       @Size(max = 500) @Pattern(regexp = "[^\\x00]*", message = "must not contain the NUL character")
                                       String reason) {
        caller.requireRole(OrganizationRole.ADMIN, "revoke worker tokens");
        commands.sendAndWait(new RevokeWorkerToken(id, caller.actor(), reason, caller.scope().orElse(null)));
        return ResponseEntity.ok(new TokenAction(id, "revoke-worker-token", "/instances/" + id));
    }
}
