package io.inventiv.agents.support.observability;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.config.Configuration;
import org.axonframework.config.DefaultConfigurer;
import org.axonframework.eventhandling.EventBus;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventsourcing.eventstore.inmemory.InMemoryEventStorageEngine;
import org.axonframework.messaging.MetaData;
import org.axonframework.messaging.correlation.MessageOriginProvider;
import org.axonframework.messaging.correlation.SimpleCorrelationDataProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

/**
 * The interceptors on Axon's own buses, wired as the platform wires them: the id of the request a command is sent from
 * travels to the events it causes, to the commands their handlers send, and into each handler's log context.
 */
class CorrelationIdMessagesTest {

    record Deploy(String name) {}

    record Deployed(String name) {}

    record Provision(String name) {}

    record Provisioned(String name) {}

    /** What each handler saw in its log context, by the message it handled. */
    private final Map<String, String> logContexts = new java.util.concurrent.ConcurrentHashMap<>();
    private final List<EventMessage<?>> events = new CopyOnWriteArrayList<>();
    private Configuration axon;

    class CommandHandlers {
        private final EventBus eventBus;

        CommandHandlers(EventBus eventBus) {
            this.eventBus = eventBus;
        }

        @CommandHandler
        void handle(Deploy command) {
            logContexts.put("Deploy", String.valueOf(CorrelationId.current()));
            eventBus.publish(GenericEventMessage.asEventMessage(new Deployed(command.name())));
        }

        @CommandHandler
        void handle(Provision command) {
            logContexts.put("Provision", String.valueOf(CorrelationId.current()));
            eventBus.publish(GenericEventMessage.asEventMessage(new Provisioned(command.name())));
        }
    }

    /** A process that answers an event with a command, as a saga does. */
    class Process {
        private final CommandGateway commands;

        Process(CommandGateway commands) {
            this.commands = commands;
        }

        @EventHandler
        void on(Deployed event, EventMessage<?> message) {
            logContexts.put("Deployed", String.valueOf(CorrelationId.current()));
            events.add(message);
            commands.sendAndWait(new Provision(event.name()));
        }

        @EventHandler
        void on(Provisioned event, EventMessage<?> message) {
            logContexts.put("Provisioned", String.valueOf(CorrelationId.current()));
            events.add(message);
        }
    }

    @BeforeEach
    void startAxon() {
        CorrelationIdHandlerInterceptor handling = new CorrelationIdHandlerInterceptor();
        axon = DefaultConfigurer.defaultConfiguration(false)
                .configureEmbeddedEventStore(c -> new InMemoryEventStorageEngine())
                .configureCorrelationDataProviders(c -> List.of(new MessageOriginProvider(), new SimpleCorrelationDataProvider(CorrelationId.KEY)))
                .registerCommandHandler(c -> new CommandHandlers(c.eventBus()))
                .eventProcessing(processing -> processing.usingSubscribingEventProcessors()
                        .registerEventHandler(c -> new Process(c.commandGateway()))
                        .registerDefaultHandlerInterceptor((c, processor) -> handling))
                .buildConfiguration();
        axon.commandBus().registerDispatchInterceptor(new CorrelationIdDispatchInterceptor<>());
        axon.commandBus().registerHandlerInterceptor(handling);
        axon.eventBus().registerDispatchInterceptor(new CorrelationIdDispatchInterceptor<>());
        axon.start();
    }

    @AfterEach
    void stopAxon() {
        axon.shutdown();
        MDC.clear();
    }

    @Test
    void a_command_sent_during_a_request_carries_its_id_to_the_events_it_causes_and_to_the_next_commands() {
        try (CorrelationId.Scope request = CorrelationId.inLogContext("deploy-7")) {
            axon.commandGateway().sendAndWait(new Deploy("m"));
            assertThat(CorrelationId.current()).as("the request keeps its id after the handlers ran on its thread").isEqualTo("deploy-7");
        }

        assertThat(events).extracting(e -> e.getPayloadType().getSimpleName()).containsExactly("Deployed", "Provisioned");
        assertThat(events).allSatisfy(e -> assertThat(e.getMetaData()).containsEntry(CorrelationId.KEY, "deploy-7")
                .as("Axon's own correlation stays").containsKeys("traceId", "correlationId"));
        assertThat(logContexts).containsOnly(Map.entry("Deploy", "deploy-7"), Map.entry("Deployed", "deploy-7"),
                Map.entry("Provision", "deploy-7"), Map.entry("Provisioned", "deploy-7"));
    }

    @Test
    void an_event_handled_outside_of_any_request_gives_its_id_to_its_handler_and_to_the_commands_it_sends() {
        axon.eventBus().publish(GenericEventMessage.asEventMessage(new Deployed("m")).andMetaData(Map.of(CorrelationId.KEY, "from-the-log")));

        assertThat(events).allSatisfy(e -> assertThat(e.getMetaData()).containsEntry(CorrelationId.KEY, "from-the-log"));
        assertThat(logContexts).containsEntry("Deployed", "from-the-log").containsEntry("Provision", "from-the-log");
        assertThat(CorrelationId.current()).isNull();
    }

    @Test
    void work_outside_of_any_request_sends_messages_without_an_id_and_logs_without_one() {
        axon.commandGateway().sendAndWait(new Deploy("scheduled"));

        assertThat(events).hasSize(2).allSatisfy(e -> assertThat(e.getMetaData()).doesNotContainKey(CorrelationId.KEY));
        assertThat(logContexts.values()).containsOnly("null");
    }

    @Test
    void a_message_that_names_its_id_keeps_it() {
        try (CorrelationId.Scope request = CorrelationId.inLogContext("request")) {
            axon.commandGateway().sendAndWait(GenericCommandMessage.asCommandMessage(new Deploy("m"))
                    .andMetaData(MetaData.with(CorrelationId.KEY, "chosen")));
        }

        assertThat(events).allSatisfy(e -> assertThat(e.getMetaData()).containsEntry(CorrelationId.KEY, "chosen"));
        assertThat(logContexts).containsEntry("Deploy", "chosen");
    }
}
