package io.inventiv.agents.provider.local;

import io.inventiv.agents.api.common.Rejection;
import io.inventiv.agents.provider.ProviderResourceNotFound;
import io.inventiv.agents.provider.ProviderServer;
import io.inventiv.agents.provider.ProviderVolume;
import io.inventiv.agents.provider.ServerSpec;
import io.inventiv.agents.support.web.ProblemAdvice;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * The simulated cloud's own console: its inventory, listed as a cloud lists it (so anyone can check
 * what the platform left behind), out-of-band deletion, and fault injection.
 */
@RestController
@RequestMapping("/local-cloud")
class LocalCloudController {

    private final LocalCloudProvider cloud;
    private final LocalCloudFaults faults;

    LocalCloudController(LocalCloudProvider cloud, LocalCloudFaults faults) {
        this.cloud = cloud;
        this.faults = faults;
    }

    record Servers(List<ProviderServer> servers, int totalCount) {}

    record Volumes(List<ProviderVolume> volumes, int totalCount) {}

    record FaultRequest(@NotNull LocalCloudFaults.Operation operation, String zone, @NotNull LocalCloudFaults.Mode mode,
                        Integer times, String message, @jakarta.validation.constraints.Pattern(regexp = "[a-z_]{1,40}") String errorType) {}

    @GetMapping("/servers")
    Servers servers(@RequestParam(required = false) String zone, @RequestParam(required = false) String tag) {
        List<ProviderServer> servers = cloud.listServers(zone, tag);
        return new Servers(servers, servers.size());
    }

    @GetMapping("/volumes")
    Volumes volumes(@RequestParam(required = false) String zone, @RequestParam(required = false) String tag) {
        List<ProviderVolume> volumes = cloud.listVolumes(zone, tag);
        return new Volumes(volumes, volumes.size());
    }

    record ServerRequest(@NotBlank @Size(max = 100) String name, @NotBlank @Size(max = 100) String commercialType,
                         List<@NotBlank @Size(max = 200) String> tags) {}

    /** Creates a server behind the platform's back, as someone with the cloud's console could (with any tags). */
    @PostMapping("/zones/{zone}/servers")
    ResponseEntity<ProviderServer> createServer(@PathVariable String zone, @Valid @RequestBody ServerRequest request) {
        ProviderServer server = cloud.createServer(new ServerSpec(zone, request.name(), request.commercialType(),
                request.tags() == null ? List.of() : request.tags()));
        return ResponseEntity.status(201).body(server);
    }

    /** Removes a server behind the platform's back, as someone with the cloud's console could. */
    @DeleteMapping("/zones/{zone}/servers/{id}")
    ResponseEntity<Void> deleteServer(@PathVariable String zone, @PathVariable String id) {
        if (!cloud.removeServer(zone, id)) {
            throw new ProviderResourceNotFound("server", id);
        }
        return ResponseEntity.noContent().build();
    }

    @GetMapping("/faults")
    List<LocalCloudFaults.Rule> faults() {
        return faults.list();
    }

    @PostMapping("/faults")
    @ResponseStatus(HttpStatus.CREATED)
    LocalCloudFaults.Rule addFault(@RequestBody @jakarta.validation.Valid FaultRequest request) {
        return faults.add(request.operation(), request.zone(), request.mode(), request.times(), request.message(), request.errorType());
    }

    @DeleteMapping("/faults")
    ResponseEntity<Void> clearFaults() {
        faults.clear();
        return ResponseEntity.noContent().build();
    }

    @DeleteMapping("/faults/{id}")
    ResponseEntity<Void> removeFault(@PathVariable String id) {
        if (!faults.remove(id)) {
            throw new ProviderResourceNotFound("fault", id);
        }
        return ResponseEntity.noContent().build();
    }

    @ExceptionHandler(ProviderResourceNotFound.class)
    ResponseEntity<ProblemDetail> notFound(ProviderResourceNotFound e) {
        return ProblemAdvice.problem(new Rejection("not-found", "Not found", 404, e.getMessage(), Map.of("resource_type", e.resource())));
    }
}
