package io.inventiv.agents.command.instance;

import io.inventiv.agents.api.common.Actor;
import io.inventiv.agents.api.instance.ArchiveInstance;
import io.inventiv.agents.api.instance.InstanceId;
import io.inventiv.agents.api.instance.TerminateInstance;
import io.swagger.v3.oas.annotations.Operation;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.http.ResponseEntity;
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

    @Operation(summary = "Terminate an instance", description = "Drains it, then deletes its server and volumes at the provider.")
    @DeleteMapping("/instances/{id}")
    ResponseEntity<InstanceAccepted> terminate(@PathVariable InstanceId id,
                                               @RequestParam(required = false, defaultValue = "requested by an operator")
                                               @Size(max = 500) @Pattern(regexp = "[^\\x00]*", message = "must not contain the NUL character")
                                               String reason) {
        commands.sendAndWait(new TerminateInstance(id, Actor.anonymous(), reason));
        return ResponseEntity.accepted().body(new InstanceAccepted(id, "terminate", "/instances/" + id));
    }

    @Operation(summary = "Archive a finished instance", description = "Only TERMINATED or PROVISIONING_FAILED instances can be archived.")
    @PutMapping("/instances/{id}/archive")
    ResponseEntity<InstanceAccepted> archive(@PathVariable InstanceId id) {
        commands.sendAndWait(new ArchiveInstance(id, Actor.anonymous()));
        return ResponseEntity.ok(new InstanceAccepted(id, "archive", "/instances/" + id));
    }
}
