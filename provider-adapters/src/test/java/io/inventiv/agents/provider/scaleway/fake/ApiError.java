package io.inventiv.agents.provider.scaleway.fake;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Arrays;
import java.util.List;

/**
 * A Scaleway error answer. The body shapes follow the SDK's {@code scw/errors.go} and the recorded
 * exchanges: {@code {"type","message",...}} plus the fields each type carries.
 */
final class ApiError extends RuntimeException {

    record Detail(String argumentName, String reason, String helpMessage) {}

    private final int status;
    private final transient ObjectNode body;

    private ApiError(int status, ObjectNode body) {
        super(body.path("message").asText());
        this.status = status;
        this.body = body;
    }

    static ObjectNode body(String type, String message) {
        ObjectNode body = Json.object();
        body.put("type", type);
        body.put("message", message);
        return body;
    }

    static ApiError notFound(String resource, String resourceId) {
        ObjectNode body = body("not_found", "resource is not found");
        body.put("resource", resource);
        body.put("resource_id", resourceId);
        return new ApiError(404, body);
    }

    static ApiError required(String... arguments) {
        return invalidArguments(Arrays.stream(arguments)
                .map(name -> new Detail(name, "required", "required key not provided"))
                .toList());
    }

    static ApiError constraint(String argument, String helpMessage) {
        return invalidArguments(List.of(new Detail(argument, "constraint", helpMessage)));
    }

    static ApiError invalidArguments(List<Detail> details) {
        ObjectNode body = body("invalid_arguments", "invalid argument(s)");
        ArrayNode array = body.putArray("details");
        details.forEach(d -> array.addObject()
                .put("argument_name", d.argumentName())
                .put("reason", d.reason())
                .put("help_message", d.helpMessage()));
        return new ApiError(400, body);
    }

    /** The Instance API's own validation error, e.g. {@code "server should be running"}. */
    static ApiError invalidRequest(String message) {
        return new ApiError(400, body("invalid_request_error", message));
    }

    static ApiError transientState(String resource, String resourceId, String currentState) {
        ObjectNode body = body("transient_state", "resource is in a transient state");
        body.put("resource", resource);
        body.put("resource_id", resourceId);
        body.put("current_state", currentState);
        return new ApiError(409, body);
    }

    static ApiError stillInUse(String helpMessage) {
        ObjectNode body = body("precondition_failed", "precondition is not respected");
        body.put("precondition", "resource_still_in_use");
        body.put("help_message", helpMessage);
        return new ApiError(412, body);
    }

    static ApiError outOfStock(String commercialType) {
        ObjectNode body = body("out_of_stock", "resource is out of stock");
        body.put("resource", commercialType);
        return new ApiError(412, body);
    }

    static ApiError deniedAuthentication(String reason) {
        ObjectNode body = body("denied_authentication", "authentication is denied");
        body.put("method", "api_key");
        body.put("reason", reason);
        return new ApiError(401, body);
    }

    static ApiError permissionsDenied(String resource, String action) {
        ObjectNode body = body("permissions_denied", "insufficient permissions");
        body.putArray("details").addObject().put("resource", resource).put("action", action);
        return new ApiError(403, body);
    }

    static ApiError quotaExceeded(String resource) {
        ObjectNode body = body("invalid_request_error", "Quota exceeded for this resource.");
        body.put("resource", resource);
        return new ApiError(403, body);
    }

    static ApiError noRoute(String method, String path) {
        return new ApiError(404, body("not_found", "no such route: " + method + " " + path));
    }

    ApiResponse response() {
        return ApiResponse.json(status, body);
    }
}
