package io.inventiv.agents.command.identity;

import io.inventiv.agents.support.storage.StorageProperties;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({IdentitySettings.class, TenancySettings.class})
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

    /** The API docs say how to authenticate, so "Try it out" works once logged in. */
    @Bean
    OpenApiCustomizer sessionCookieInApiDocs(IdentitySettings settings) {
        return api -> {
            if (api.getComponents() == null) {
                api.setComponents(new Components());
            }
            api.getComponents().addSecuritySchemes("session", new SecurityScheme().type(SecurityScheme.Type.APIKEY)
                    .in(SecurityScheme.In.COOKIE).name(settings.cookieName())
                    .description("the HttpOnly cookie set by POST /auth/login"));
            api.addSecurityItem(new SecurityRequirement().addList("session"));
        };
    }

    @Bean
    AdminBootstrap adminBootstrap(CommandGateway commands, Directory directory, PasswordEncoder passwords, StorageProperties storage,
                                  @Value("${INVENTIV_ADMIN_PASSWORD_FILE:${inventiv.auth.admin-password-file:}}") String passwordFile,
                                  Credentials credentials) {
        return new AdminBootstrap(commands, directory, passwords, storage.data().dir(), passwordFile, credentials);
    }
}
