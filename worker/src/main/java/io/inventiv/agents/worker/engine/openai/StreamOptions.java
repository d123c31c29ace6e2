package io.inventiv.agents.worker.engine.openai;

/** {@code stream_options}; vLLM's {@code continuous_usage_stats} is not simulated. */
public record StreamOptions(Boolean includeUsage) {

    /** Whether a stream ends with a usage chunk; rejects options on a non-stream request, as vLLM does. */
    public static boolean includeUsage(boolean stream, StreamOptions options) {
        if (options == null) {
            return false;
        }
        if (!stream) {
            throw new InvalidRequest("Stream options can only be defined when `stream=True`.");
        }
        return Boolean.TRUE.equals(options.includeUsage());
    }
}
