package io.inventiv.agents.provider.scaleway;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.inventiv.agents.provider.ProviderKeys;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The Scaleway adapter, on when a project is named ({@code inventiv.scaleway.project-id}). */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ScalewaySettings.class)
@ConditionalOnProperty(name = "inventiv.scaleway.project-id")
public class ScalewayConfiguration {

    private static final Logger log = LoggerFactory.getLogger(ScalewayConfiguration.class);

    @Bean
    ScalewayCloudProvider scalewayCloudProvider(ScalewaySettings settings, ProviderKeys keys, ObjectMapper json) {
        String secret = readSecret(settings.secretKeyFile());
        log.info("Scaleway adapter on: project {}, API {}", settings.projectId(), settings.apiUrl());
        return ScalewayCloudProvider.connect(settings, secret, keys, json);
    }

    /** The secret key, from its file: never from a setting, so it shows in no environment dump, and never logged. */
    static String readSecret(String file) {
        if (file == null || file.isBlank()) {
            throw new IllegalStateException("inventiv.scaleway.project-id is set but no secret key file is: set SCALEWAY_SECRET_KEY_FILE "
                    + "(or inventiv.scaleway.secret-key-file) to a file holding the IAM secret key");
        }
        try {
            String secret = Files.readString(Path.of(file)).strip();
            if (secret.isEmpty() || secret.contains("\n")) {
                throw new IllegalStateException("the Scaleway secret key file " + file + " must hold the key on one line");
            }
            return secret;
        } catch (IOException e) {
            throw new IllegalStateException("the Scaleway secret key file " + file + " cannot be read (" + e.getClass().getSimpleName() + ")");
        }
    }
}
