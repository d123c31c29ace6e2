package io.inventiv.agents.worker.engine.chat;

import com.fasterxml.jackson.databind.JsonNode;

/** @param content a string, an array of content parts, or null (an assistant turn with tool calls only) */
record ChatMessage(String role, JsonNode content) {
}
