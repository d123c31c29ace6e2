package io.inventiv.agents.query;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.context.annotation.ComponentScan;

/** The query side: projections into read models, their REST API, and the live event stream. */
@AutoConfiguration(afterName = "org.axonframework.springboot.autoconfig.AxonAutoConfiguration")
@ComponentScan(basePackageClasses = QuerySideAutoConfiguration.class)
public class QuerySideAutoConfiguration {}
