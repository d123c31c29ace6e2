package io.inventiv.agents.command.instance;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.inventiv.agents.api.catalog.InstanceTypeId;
import io.inventiv.agents.api.catalog.ModelId;
import io.inventiv.agents.api.catalog.ZoneId;
import io.inventiv.agents.api.common.Actor;
import io.inventiv.agents.api.identity.OrganizationId;
import io.inventiv.agents.api.identity.OrganizationRole;
import io.inventiv.agents.api.instance.InstanceId;
import io.inventiv.agents.api.instance.InstanceProvisioningRequested;
import io.inventiv.agents.api.instance.InstanceState;
import io.inventiv.agents.api.instance.ProvisionInstance;
import io.inventiv.agents.support.security.Caller;
import io.inventiv.agents.support.web.Rejected;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.net.URI;
import java.util.Map;
import java.util.UUID;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.modelling.command.AggregateStreamCreationException;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/** Asks for a machine serving a model. */
@RestController
class DeploymentController {

    private final CommandGateway commands;
    private final EventStore eventStore;

    DeploymentController(CommandGateway commands, EventStore eventStore) {
        this.commands = commands;
        this.eventStore = eventStore;
    }

    record DeploymentRequest(@NotBlank @Size(max = 200) String modelId, @NotNull UUID instanceTypeId, @NotNull UUID zoneId) {}

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record DeploymentAccepted(InstanceId instanceId, InstanceState status, String href) {}

    /** A key used again must come with the same request: the first event of the instance says what that was. */
    private ResponseEntity<DeploymentAccepted> sameRequestAgain(InstanceId instanceId, DeploymentRequest request,
                                                                ResponseEntity<DeploymentAccepted> repeated) {
        Object first = eventStore.readEvents(instanceId.toString()).next().getPayload();
        if (first instanceof InstanceProvisioningRequested original
                && original.modelId().value().equals(request.modelId())
                && original.typeId().value().equals(request.instanceTypeId())
                && original.zoneId().value().equals(request.zoneId())) {
            return repeated;
        }
        throw new Rejected("idempotency-key-reused", "Idempotency key reused", 422,
                "this Idempotency-Key was used for another deployment request", Map.of("instance_id", instanceId.toString()));
    }

    @Operation(summary = "Deploy a model on an instance type in a zone",
            description = "Checks the request against the catalog and the organization's quota and starts provisioning, for the caller's current organization. With an Idempotency-Key, "
                    + "a repeated request returns the instance the first one created (200) instead of a new one.")
    @PostMapping("/deployments")
    ResponseEntity<DeploymentAccepted> deploy(
            @AuthenticationPrincipal Caller caller,
            @RequestBody @Valid DeploymentRequest request,
            @Parameter(description = "a client-chosen key that makes retries of this request safe")
            @RequestHeader(name = "Idempotency-Key", required = false) @Size(max = 200) String idempotencyKey) {
        caller.requireRole(OrganizationRole.MEMBER, "deploy");
        OrganizationId organization = caller.requireOrganization();
        Actor actor = caller.actor();
        boolean keyed = idempotencyKey != null && !idempotencyKey.isBlank();
        // a key is the caller's: the same key from another caller is another deployment
        InstanceId instanceId = keyed ? InstanceId.derivedFrom(actor + "/" + idempotencyKey) : InstanceId.random();
        URI location = URI.create("/instances/" + instanceId);
        ResponseEntity<DeploymentAccepted> repeated = ResponseEntity.ok().location(location)
                .body(new DeploymentAccepted(instanceId, null, location.toString()));
        if (keyed && eventStore.lastSequenceNumberFor(instanceId.toString()).isPresent()) {
            return sameRequestAgain(instanceId, request, repeated);
        }
        try {
            commands.sendAndWait(new ProvisionInstance(instanceId, ModelId.of(request.modelId()),
                    new InstanceTypeId(request.instanceTypeId()), new ZoneId(request.zoneId()), organization, actor));
        } catch (AggregateStreamCreationException sameKeyAtTheSameTime) {
            if (keyed) {
                return sameRequestAgain(instanceId, request, repeated);
            }
            throw sameKeyAtTheSameTime;
        }
        return ResponseEntity.created(location).body(new DeploymentAccepted(instanceId, InstanceState.PROVISIONING, location.toString()));
    }
}
