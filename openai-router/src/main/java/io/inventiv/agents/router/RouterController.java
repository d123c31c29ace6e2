package io.inventiv.agents.router;

import io.swagger.v3.oas.annotations.Operation;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** The routing table of this node as requests see it now, for platform admins. */
@RestController
class RouterController {

    private final RoutingTable table;
    private final DataPlane plane;

    RouterController(RoutingTable table, DataPlane plane) {
        this.table = table;
        this.plane = plane;
    }

    @Operation(summary = "This node's routing table (platform admins)",
            description = "The data plane's port, what each of its event loops took (requests since the start, client connections open "
                    + "now) and every instance the router knows: READY or not, its engine's address, the requests "
                    + "this node has in flight on it and its circuit breaker (CLOSED: taking requests; OPEN: kept out after failures; "
                    + "HALF_OPEN: being tried again), and the requests held for autoscaled services with no READY instance.")
    @GetMapping("/admin/router")
    Map<String, Object> table() {
        List<Map<String, Object>> instances = table.backends().stream().sorted(Comparator.comparing(b -> b.id().toString())).map(b -> {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("instance_id", b.id());
            row.put("organization_id", b.organizationId());
            row.put("model_id", b.modelId());
            row.put("ready", b.ready());
            row.put("engine_url", b.engineUrl());
            row.put("in_flight", b.inFlight());
            row.put("breaker", b.breaker().getState().name());
            return row;
        }).toList();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("data_plane_port", plane.port());
        out.put("event_loops", plane.loopCounters());
        out.put("instances", instances);
        out.put("held_requests", plane.waitingRoom().held().entrySet().stream()
                .map(held -> Map.of("model_service_id", held.getKey(), "requests", held.getValue())).toList());
        return out;
    }
}
