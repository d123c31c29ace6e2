package io.inventiv.agents.saga;

import io.inventiv.agents.api.instance.InstanceId;

/** How an instance's resources are named and tagged at a provider, so a retry finds what an earlier try made. */
public final class ProviderTags {

    /** What the tag naming a resource's instance starts with; the instance's id follows. */
    public static final String PREFIX = "inventiv-instance=";
    /** What the tag naming the platform that made a resource starts with; the platform's id follows. */
    public static final String PLATFORM_PREFIX = "inventiv-platform=";

    private ProviderTags() {}

    public static String of(InstanceId instanceId) {
        return PREFIX + instanceId;
    }

    public static String serverName(InstanceId instanceId) {
        return "inventiv-" + instanceId.toString().substring(0, 8);
    }

    public static String volumeName(InstanceId instanceId) {
        return "inventiv-" + instanceId.toString().substring(0, 8) + "-data";
    }
}
