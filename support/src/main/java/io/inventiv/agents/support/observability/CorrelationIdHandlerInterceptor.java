package io.inventiv.agents.support.observability;

import org.axonframework.deadline.DeadlineMessage;
import org.axonframework.messaging.InterceptorChain;
import org.axonframework.messaging.Message;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * While a command, an event or a deadline is handled, the correlation id it carries is in the log context, so the handler's
 * log lines show it. The messages the handler sends get it from the message handled (Axon's correlation data). With this
 * class's logger at DEBUG, each message handled is logged as it starts: a trace of what one request caused.
 */
final class CorrelationIdHandlerInterceptor implements MessageHandlerInterceptor<Message<?>> {

    private static final Logger log = LoggerFactory.getLogger(CorrelationIdHandlerInterceptor.class);

    @Override
    public Object handle(UnitOfWork<? extends Message<?>> unitOfWork, InterceptorChain chain) throws Exception {
        Message<?> message = unitOfWork.getMessage();
        if (!(message.getMetaData().get(CorrelationId.KEY) instanceof String id)) {
            trace(message);
            return chain.proceed();
        }
        try (CorrelationId.Scope scope = CorrelationId.inLogContext(id)) {
            trace(message);
            return chain.proceed();
        }
    }

    private static void trace(Message<?> message) {
        if (log.isDebugEnabled()) {
            String what = message instanceof DeadlineMessage<?> deadline ? "deadline " + deadline.getDeadlineName()
                    : message.getPayloadType().getSimpleName();
            log.debug("handling {} {}", what, message.getIdentifier());
        }
    }
}
