package io.inventiv.agents.command;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.messaging.InterceptorChain;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.axonframework.messaging.unitofwork.UnitOfWork;

/**
 * How long commands take, from the handler's start to the commit of the events they apply (or their rejection), by
 * command and outcome: {@code inventiv_command_duration_seconds{command, outcome}}. Commands come from people and
 * sagas, a few a second: one timer each costs nothing beside them (the event processors, thousands of events a second,
 * are watched by their lag instead: ADR 015).
 */
final class CommandMeters implements MessageHandlerInterceptor<CommandMessage<?>> {

    private final MeterRegistry registry;
    private final Map<String, Timer> timers = new ConcurrentHashMap<>();

    CommandMeters(MeterRegistry registry) {
        this.registry = registry;
    }

    @Override
    public Object handle(UnitOfWork<? extends CommandMessage<?>> unitOfWork, InterceptorChain chain) throws Exception {
        long started = System.nanoTime();
        String command = unitOfWork.getMessage().getPayloadType().getSimpleName();
        unitOfWork.afterCommit(u -> record(command, "success", started));
        unitOfWork.onRollback(u -> record(command, "rejected", started));
        return chain.proceed();
    }

    private void record(String command, String outcome, long started) {
        timers.computeIfAbsent(command + '/' + outcome, key -> Timer.builder("inventiv.command.duration")
                        .description("Time from a command's handling to the commit of its events, or its rejection")
                        .tag("command", command).tag("outcome", outcome).register(registry))
                .record(System.nanoTime() - started, java.util.concurrent.TimeUnit.NANOSECONDS);
    }
}
