package io.inventiv.agents.support.observability;

import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import org.axonframework.messaging.Message;
import org.axonframework.messaging.MessageDispatchInterceptor;

/**
 * A message sent while a correlation id is in the log context (a request of the admin API, a handler) carries that id in its
 * metadata. A message that already carries one keeps it.
 */
final class CorrelationIdDispatchInterceptor<T extends Message<?>> implements MessageDispatchInterceptor<T> {

    @Override
    public BiFunction<Integer, T, T> handle(List<? extends T> messages) {
        String id = CorrelationId.current();
        return (index, message) -> id == null || message.getMetaData().containsKey(CorrelationId.KEY) ? message : withId(message, id);
    }

    /** A command stays a command and an event an event: {@code andMetaData} answers a message of the same kind. */
    @SuppressWarnings("unchecked")
    private static <T extends Message<?>> T withId(T message, String id) {
        return (T) message.andMetaData(Map.of(CorrelationId.KEY, id));
    }
}
