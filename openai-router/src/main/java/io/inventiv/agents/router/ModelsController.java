package io.inventiv.agents.router;

import jakarta.servlet.http.HttpServletRequest;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /v1/models}: the model services the caller's key may call and that have a READY instance now. */
@RestController
class ModelsController {

    private final RoutingTable table;
    private final ApiKeyAuthentication keys;

    ModelsController(RoutingTable table, ApiKeyAuthentication keys) {
        this.table = table;
        this.keys = keys;
    }

    @GetMapping("/v1/models")
    Map<String, Object> list(HttpServletRequest request) {
        RoutingTable.Key key = keys.authenticate(request);
        return Map.of("object", "list", "data", table.servicesFor(key).stream().map(ModelsController::model).toList());
    }

    @GetMapping({"/v1/models/{name}", "/v1/models/{owner}/{name}"})
    Map<String, Object> one(HttpServletRequest request, @PathVariable(required = false) String owner, @PathVariable String name) {
        RoutingTable.Key key = keys.authenticate(request);
        String wanted = owner == null ? name : owner + "/" + name;
        return table.serviceFor(key, wanted).map(ModelsController::model).orElseThrow(() -> OpenAiError.modelNotFound(wanted));
    }

    private static Map<String, Object> model(RoutingTable.Service service) {
        Map<String, Object> model = new LinkedHashMap<>();
        model.put("id", service.name());
        model.put("object", "model");
        model.put("created", service.createdAt().getEpochSecond());
        model.put("owned_by", service.organizationId().toString());
        return model;
    }
}
