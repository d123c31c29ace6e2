package io.inventiv.agents.support.security;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.inventiv.agents.api.common.Rejection;
import io.inventiv.agents.support.web.ProblemAdvice;
import jakarta.servlet.DispatcherType;
import java.util.Map;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpMethod;
import org.springframework.security.authorization.AuthorityAuthorizationManager;
import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.authorization.AuthorizationManager;
import org.springframework.security.web.access.intercept.RequestAuthorizationContext;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.context.SecurityContextHolderFilter;

/**
 * Who may call what on the admin API. Callers are recognized by their session cookie
 * ({@link CallerResolver}); paths that only platform admins use are guarded here, and rules that
 * depend on an organization role are checked where the request is handled ({@link Caller}).
 * Failures are problem+json: 401 without a valid session, 403 without the right.
 */
@AutoConfiguration(beforeName = "org.springframework.boot.autoconfigure.security.servlet.SecurityAutoConfiguration")
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@EnableWebSecurity
public class SecurityAutoConfiguration {

    /** Catalog resources: everyone signed in reads them, only platform admins change them. */
    private static final String[] CATALOG = {"/providers/**", "/regions/**", "/zones/**", "/instance_types/**", "/models/**", "/catalog/**"};

    @Bean
    SecurityFilterChain adminApiSecurity(HttpSecurity http, ObjectProvider<CallerResolver> resolver, ObjectMapper json,
                                         @Value("${inventiv.metrics.scrape-token:}") String scrapeToken) throws Exception {
        CallerResolver callers = resolver.getIfAvailable(() -> NO_ONE);
        AuthorizationManager<RequestAuthorizationContext> admins = AuthorityAuthorizationManager.hasRole(CallerAuthentication.PLATFORM_ADMIN);
        // a Prometheus server has no session: it shows the scrape token (Authorization: Bearer <token>) when one is set
        AuthorizationManager<RequestAuthorizationContext> scrapers = (authentication, context) ->
                presents(context.getRequest(), scrapeToken) ? new AuthorizationDecision(true) : admins.check(authentication, context);
        http.csrf(AbstractHttpConfigurer::disable)
                .formLogin(AbstractHttpConfigurer::disable)
                .httpBasic(AbstractHttpConfigurer::disable)
                .logout(AbstractHttpConfigurer::disable)
                .requestCache(AbstractHttpConfigurer::disable)
                .anonymous(AbstractHttpConfigurer::disable)
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .addFilterAfter(new CallerAuthenticationFilter(callers), SecurityContextHolderFilter.class)
                .exceptionHandling(e -> e
                        .authenticationEntryPoint((request, response, failure) -> ProblemAdvice.write(json, response, new Rejection(
                                "unauthenticated", "Authentication required", 401,
                                "log in with POST /auth/login; the session cookie is missing, expired or revoked", Map.of())))
                        .accessDeniedHandler((request, response, failure) -> ProblemAdvice.write(json, response, new Rejection(
                                "forbidden", "Forbidden", 403, "only platform admins may do this", Map.of()))))
                .authorizeHttpRequests(auth -> auth
                        // the dispatch that ends a stream (or renders an error) was authorized when the request came in
                        .dispatcherTypeMatchers(DispatcherType.ASYNC, DispatcherType.ERROR).permitAll()
                        .requestMatchers(HttpMethod.POST, "/auth/login").permitAll()
                        // worker agents authenticate with their own tokens, checked by the worker API itself
                        .requestMatchers("/internal/worker/**").permitAll()
                        // the OpenAI-compatible API authenticates its own keys (and answers in OpenAI's envelope)
                        .requestMatchers("/v1/**").permitAll()
                        .requestMatchers("/error", "/v3/api-docs/**", "/swagger-ui/**", "/swagger-ui.html", "/actuator/health/**").permitAll()
                        // the console's files (it asks for a session itself), and the root that leads a browser to it
                        .requestMatchers(HttpMethod.GET, "/", "/console", "/console/**").permitAll()
                        .requestMatchers(HttpMethod.GET, "/actuator/prometheus").access(scrapers)
                        .requestMatchers("/admin/**", "/local-cloud/**", "/users/**", "/actuator/**").hasRole(CallerAuthentication.PLATFORM_ADMIN)
                        .requestMatchers(HttpMethod.GET, CATALOG).authenticated()
                        .requestMatchers(CATALOG).hasRole(CallerAuthentication.PLATFORM_ADMIN)
                        .anyRequest().authenticated());
        return http.build();
    }

    private static boolean presents(jakarta.servlet.http.HttpServletRequest request, String token) {
        String authorization = request.getHeader("Authorization");
        return !token.isBlank() && authorization != null && java.security.MessageDigest.isEqual(
                ("Bearer " + token).getBytes(java.nio.charset.StandardCharsets.UTF_8), authorization.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    /** Without the identity capability, no caller is recognized. */
    private static final CallerResolver NO_ONE = new CallerResolver() {
        @Override
        public java.util.Optional<Caller> resolve(jakarta.servlet.http.HttpServletRequest request) {
            return java.util.Optional.empty();
        }

        @Override
        public java.util.Optional<Caller> ofSession(java.util.UUID sessionId) {
            return java.util.Optional.empty();
        }
    };
}
