package io.inventiv.agents.router;

import io.inventiv.agents.api.instance.InstanceId;

/**
 * One request's use of a model service, as the engine reported it, taken down when the request ends.
 *
 * @param endedAtMillis epoch milliseconds
 * @param instanceId    {@code null} when no instance answered
 * @param failed        the engine refused or failed, or the client left before the end
 * @param ttftMillis    until the first chunk of a stream, or the whole answer otherwise; -1 when none came
 */
record UsageRecord(long endedAtMillis, Client client, RoutingTable.Service service, InstanceId instanceId, long promptTokens,
                   long completionTokens, boolean failed, long ttftMillis, long totalMillis) {}
