package io.inventiv.agents.worker.engine.openai;

/**
 * What usage a stream reports, decided from {@code stream_options} the way vLLM's
 * {@code should_include_usage} does: continuous usage needs {@code include_usage} as well, and options on
 * a non-stream request are a 400, as vLLM's request validation makes them.
 *
 * @param promptTokens tokens of the rendered prompt, the same in every usage the stream reports
 * @param atEnd        a usage-only chunk goes out just before {@code [DONE]}
 * @param continuous   every chunk carries the usage so far, so that a client cut off mid-stream still
 *                     knows what it was served
 */
public record StreamUsage(int promptTokens, boolean atEnd, boolean continuous) {

    public static StreamUsage of(boolean stream, StreamOptions options, int promptTokens) {
        if (options == null) {
            return new StreamUsage(promptTokens, false, false);
        }
        if (!stream) {
            throw new InvalidRequest("Stream options can only be defined when `stream=True`.");
        }
        boolean atEnd = Boolean.TRUE.equals(options.includeUsage());
        return new StreamUsage(promptTokens, atEnd, atEnd && Boolean.TRUE.equals(options.continuousUsageStats()));
    }

    /**
     * The usage a content chunk carries, or null when continuous usage is off.
     *
     * @param completionTokens tokens generated so far, the chunk's own included (0 on a chat stream's role chunk)
     */
    public Usage soFar(int completionTokens) {
        return continuous ? Usage.of(promptTokens, completionTokens) : null;
    }

    /** The usage-only chunk's content, or null when the client did not ask for one. */
    public Usage last(int completionTokens) {
        return atEnd ? Usage.of(promptTokens, completionTokens) : null;
    }
}
