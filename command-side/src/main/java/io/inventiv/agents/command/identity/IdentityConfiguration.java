package io.inventiv.agents.command.identity;

import io.inventiv.agents.support.storage.StorageProperties;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(IdentitySettings.class)
public class IdentityConfiguration {

    /** bcrypt today; hashes carry their algorithm's name, so a stronger one can take over without resetting passwords. */
    @Bean
    PasswordEncoder passwordEncoder() {
        return PasswordEncoderFactories.createDelegatingPasswordEncoder();
    }

    @Bean
    Credentials credentials(JdbcTemplate jdbc) {
        return new JdbcCredentials(jdbc);
    }

    /**
     * The directory runs in the transaction that stores the events, and its failures fail that
     * transaction: this is how a duplicate username or a deployment over quota is refused.
     */
    @Bean
    ConfigurerModule identityDirectoryInTheCommandTransaction() {
        return configurer -> configurer.eventProcessing()
                .registerSubscribingEventProcessor(IdentityDirectory.PROCESSING_GROUP)
                .registerListenerInvocationErrorHandler(IdentityDirectory.PROCESSING_GROUP, c -> PropagatingErrorHandler.instance());
    }

    @Bean
    AdminBootstrap adminBootstrap(CommandGateway commands, Directory directory, PasswordEncoder passwords, StorageProperties storage,
                                  @Value("${INVENTIV_ADMIN_PASSWORD_FILE:${inventiv.auth.admin-password-file:}}") String passwordFile) {
        return new AdminBootstrap(commands, directory, passwords, storage.data().dir(), passwordFile);
    }
}
