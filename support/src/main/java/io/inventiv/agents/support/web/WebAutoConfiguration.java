package io.inventiv.agents.support.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.jackson.Jackson2ObjectMapperBuilderCustomizer;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.core.Ordered;
import org.springframework.util.unit.DataSize;

/** The admin API's one way of reporting failures, and its limit on request bodies. */
@AutoConfiguration
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@Import(ProblemAdvice.class)
public class WebAutoConfiguration {

    @Bean
    Jackson2ObjectMapperBuilderCustomizer noNulStrings() {
        return builder -> builder.modulesToInstall(modules -> modules.add(NoNulStrings.module()));
    }

    @Bean
    FilterRegistrationBean<NulFreeQueries> nulFreeQueries(ObjectMapper json) {
        FilterRegistrationBean<NulFreeQueries> registration = new FilterRegistrationBean<>(new NulFreeQueries(json));
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 5);
        return registration;
    }

    @Bean
    FilterRegistrationBean<RequestSizeLimit> requestSizeLimit(@Value("${inventiv.web.max-request-size:1MB}") DataSize limit) {
        FilterRegistrationBean<RequestSizeLimit> registration = new FilterRegistrationBean<>(new RequestSizeLimit(limit.toBytes()));
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 10);
        return registration;
    }
}
