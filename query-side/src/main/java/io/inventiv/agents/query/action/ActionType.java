package io.inventiv.agents.query.action;

import java.util.Arrays;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The kinds of entries in the action log, for display: each event type of the platform is one.
 * A code is the event's name in upper snake case, so a new event appears in the log without change here.
 */
enum ActionType {
    INSTANCE_PROVISIONING_REQUESTED("Provisioning requested", "instance", "blue", "rocket"),
    PROVIDER_SERVER_CREATED("Server created", "provider", "blue", "server"),
    DATA_VOLUME_ATTACHED("Data volume attached", "provider", "blue", "hard-drive"),
    INSTANCE_BOOT_STARTED("Boot started", "instance", "blue", "power"),
    INSTANCE_BOOTED("Booted", "instance", "green", "check"),
    PROVISIONING_STEP_FAILED("Provisioning step failed", "provider", "orange", "alert-triangle"),
    INSTANCE_PROVISIONING_FAILED("Provisioning failed", "instance", "red", "x-circle"),
    WORKER_BOOTSTRAP_TOKEN_ISSUED("Bootstrap token issued", "worker", "blue", "key"),
    INSTALL_PHASE_REACHED("Install phase reached", "worker", "blue", "terminal"),
    INSTALL_ATTEMPT_FAILED("Installation attempt failed", "worker", "orange", "alert-triangle"),
    WORKER_INSTALLED("Worker installed", "worker", "green", "package"),
    WORKER_REGISTERED("Worker enrolled", "worker", "blue", "link"),
    WORKER_ENDPOINTS_CHANGED("Worker moved", "worker", "blue", "shuffle"),
    WORKER_READINESS_REPORTED("Readiness reported", "worker", "blue", "activity"),
    INSTANCE_READY("Ready", "instance", "green", "check-circle"),
    INSTANCE_STARTUP_FAILED("Start-up failed", "instance", "red", "x-circle"),
    INSTANCE_BECAME_UNREACHABLE("Unreachable", "instance", "red", "wifi-off"),
    INSTANCE_RECOVERED("Recovered", "instance", "green", "wifi"),
    WORKER_TOKEN_ROTATION_REQUESTED("Worker token rotation requested", "worker", "yellow", "refresh-cw"),
    WORKER_TOKEN_ROTATED("Worker token rotated", "worker", "yellow", "key"),
    WORKER_TOKEN_CONFIRMED("Worker token in use", "worker", "yellow", "key"),
    WORKER_TOKEN_REVOKED("Worker token revoked", "worker", "red", "key"),
    INSTANCE_SERVER_VANISHED("Server vanished", "reconciliation", "red", "alert-octagon"),
    ORPHAN_SERVER_DELETED("Orphan server deleted", "reconciliation", "orange", "server"),
    ORPHAN_VOLUME_DELETED("Orphan volume deleted", "reconciliation", "orange", "hard-drive"),
    INSTANCE_TERMINATION_REQUESTED("Termination requested", "instance", "purple", "trash"),
    INSTANCE_DRAINED("Drained", "instance", "purple", "pause"),
    PROVIDER_SERVER_DELETED("Server deleted", "provider", "gray", "server"),
    DATA_VOLUME_DELETED("Data volume deleted", "provider", "gray", "hard-drive"),
    INSTANCE_TERMINATED("Terminated", "instance", "gray", "check-circle"),
    INSTANCE_TERMINATION_FAILED("Termination failed", "instance", "red", "x-circle"),
    INSTANCE_ARCHIVED("Archived", "instance", "gray", "archive"),
    PROVIDER_CREATED("Provider created", "catalog", "teal", "cloud"),
    PROVIDER_UPDATED("Provider updated", "catalog", "teal", "cloud"),
    REGION_CREATED("Region created", "catalog", "teal", "map"),
    REGION_UPDATED("Region updated", "catalog", "teal", "map"),
    ZONE_CREATED("Zone created", "catalog", "teal", "map-pin"),
    ZONE_UPDATED("Zone updated", "catalog", "teal", "map-pin"),
    INSTANCE_TYPE_CREATED("Instance type created", "catalog", "teal", "cpu"),
    INSTANCE_TYPE_UPDATED("Instance type updated", "catalog", "teal", "cpu"),
    INSTANCE_TYPE_PRICE_CHANGED("Instance type price changed", "catalog", "yellow", "euro"),
    INSTANCE_TYPE_ZONES_CHANGED("Instance type zones changed", "catalog", "teal", "map-pin"),
    MODEL_REGISTERED("Model registered", "catalog", "teal", "box"),
    MODEL_UPDATED("Model updated", "catalog", "teal", "box"),
    USER_REGISTERED("User created", "identity", "indigo", "user-plus"),
    USER_PROFILE_UPDATED("User profile updated", "identity", "indigo", "user"),
    USER_PASSWORD_CHANGED("Password changed", "identity", "indigo", "key"),
    USER_PLATFORM_ROLE_CHANGED("Platform role changed", "identity", "yellow", "shield"),
    USER_DEACTIVATED("User deactivated", "identity", "gray", "user-x"),
    USER_REACTIVATED("User reactivated", "identity", "indigo", "user-check"),
    ORGANIZATION_CREATED("Organization created", "identity", "indigo", "building"),
    ORGANIZATION_RENAMED("Organization renamed", "identity", "indigo", "building"),
    ORGANIZATION_QUOTA_CHANGED("Organization quota changed", "identity", "yellow", "gauge"),
    ORGANIZATION_MEMBER_ADDED("Member added", "identity", "indigo", "user-plus"),
    ORGANIZATION_MEMBER_ROLE_CHANGED("Member role changed", "identity", "yellow", "shield"),
    ORGANIZATION_MEMBER_REMOVED("Member removed", "identity", "gray", "user-minus"),
    ORGANIZATION_MEMBER_INVITED("Member invited", "identity", "indigo", "mail"),
    ORGANIZATION_INVITATION_WITHDRAWN("Invitation withdrawn", "identity", "gray", "mail"),
    ORGANIZATION_BUDGET_CHANGED("Organization budget changed", "identity", "yellow", "euro"),
    API_KEY_CREATED("API key created", "apikey", "cyan", "key"),
    API_KEY_RENAMED("API key renamed", "apikey", "cyan", "key"),
    API_KEY_LIMITS_CHANGED("API key limits changed", "apikey", "yellow", "gauge"),
    API_KEY_REVOKED("API key revoked", "apikey", "gray", "key"),
    MODEL_SERVICE_CREATED("Model service published", "modelservice", "teal", "share-2"),
    MODEL_SERVICE_PRICE_CHANGED("Model service price changed", "modelservice", "yellow", "euro"),
    MODEL_SERVICE_VISIBILITY_CHANGED("Model service visibility changed", "modelservice", "yellow", "eye"),
    MODEL_SERVICE_RETIRED("Model service retired", "modelservice", "gray", "archive"),
    SHARE_GRANTED("Share granted", "share", "teal", "share"),
    SHARE_PRICE_CHANGED("Share price changed", "share", "yellow", "euro"),
    SHARE_PAUSED("Share paused", "share", "orange", "pause"),
    SHARE_RESUMED("Share resumed", "share", "teal", "play"),
    SHARE_REVOKED("Share revoked", "share", "gray", "x"),
    STATEMENT_ISSUED("Statement issued", "chargeback", "green", "file-text"),
    USAGE_RECORDED("Usage recorded", "usage", "gray", "bar-chart"),
    SCALING_POLICY_SET("Scaling policy set", "scaling", "yellow", "sliders"),
    SCALE_UP_DECIDED("Scale-up decided", "scaling", "blue", "trending-up"),
    SCALE_DOWN_DECIDED("Scale-down decided", "scaling", "purple", "trending-down"),
    SCALE_UP_BLOCKED("Scale-up blocked", "scaling", "red", "alert-octagon"),
    PLACEMENT_FAILED("Placement passed over", "scaling", "orange", "map-pin"),
    SCALE_FROM_ZERO_REQUESTED("Woken from zero", "scaling", "blue", "sunrise");

    private static final Map<String, ActionType> BY_CODE = Arrays.stream(values())
            .collect(Collectors.toMap(Enum::name, Function.identity()));

    final String label;
    final String component;
    final String color;
    final String icon;

    ActionType(String label, String component, String color, String icon) {
        this.label = label;
        this.component = component;
        this.color = color;
        this.icon = icon;
    }

    static String codeOf(Class<?> eventType) {
        return eventType.getSimpleName().replaceAll("([a-z0-9])([A-Z])", "$1_$2").toUpperCase();
    }

    static String componentOf(String code, Class<?> eventType) {
        ActionType known = BY_CODE.get(code);
        if (known != null) {
            return known.component;
        }
        String pkg = eventType.getPackageName();
        return pkg.substring(pkg.lastIndexOf('.') + 1);
    }

    /** An entry records a failure when its event says so by its name: {@code ..._FAILED}. */
    static String statusOf(String code) {
        return code.endsWith("_FAILED") ? "failure" : "success";
    }

    Map<String, Object> describe() {
        return Map.of("code", name(), "label", label, "component", component, "color", color, "icon", icon,
                "status", statusOf(name()));
    }
}
