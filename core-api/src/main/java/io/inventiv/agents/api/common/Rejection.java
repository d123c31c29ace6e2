package io.inventiv.agents.api.common;

import java.util.Map;

/**
 * Why a command was refused, in a form that crosses process boundaries (it travels as the details of
 * a command execution failure) and maps one to one onto an RFC 9457 problem.
 *
 * @param type       short machine-readable kind, for example {@code instance-state-conflict}
 * @param title      one human sentence naming the rule
 * @param status     the HTTP status that expresses it
 * @param detail     what happened in this case
 * @param properties extra fields (ids, current state) for clients
 */
public record Rejection(String type, String title, int status, String detail, Map<String, Object> properties) {

    public Rejection {
        properties = properties == null ? Map.of() : Map.copyOf(properties);
    }
}
