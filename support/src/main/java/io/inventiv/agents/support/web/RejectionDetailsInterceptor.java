package io.inventiv.agents.support.web;

import org.axonframework.commandhandling.CommandExecutionException;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.messaging.InterceptorChain;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.axonframework.messaging.unitofwork.UnitOfWork;

/**
 * Puts a handler's {@link Rejected} into the details of a {@link CommandExecutionException}, the one
 * form of a failure that crosses from a command handler to its sender in every run mode.
 */
public class RejectionDetailsInterceptor implements MessageHandlerInterceptor<CommandMessage<?>> {

    @Override
    public Object handle(UnitOfWork<? extends CommandMessage<?>> unitOfWork, InterceptorChain chain) throws Exception {
        try {
            return chain.proceed();
        } catch (Rejected e) {
            throw new CommandExecutionException(e.getMessage(), e, e.rejection());
        }
    }
}
