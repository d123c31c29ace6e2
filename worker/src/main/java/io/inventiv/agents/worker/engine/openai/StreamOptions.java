package io.inventiv.agents.worker.engine.openai;

/**
 * {@code stream_options} as vLLM reads it; {@link StreamUsage} decides what the stream reports from it.
 *
 * @param includeUsage         send a usage-only chunk ({@code "choices":[]}) just before {@code [DONE]};
 *                             left out, it counts as false here
 * @param continuousUsageStats vLLM's own extension: every chunk also carries the usage so far. vLLM
 *                             honours it only together with {@code include_usage}, so it is ignored alone
 */
public record StreamOptions(Boolean includeUsage, Boolean continuousUsageStats) {
}
