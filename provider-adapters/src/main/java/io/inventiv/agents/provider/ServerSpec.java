package io.inventiv.agents.provider;

import java.util.List;

/** A server to create: where, of which commercial type, named and tagged how. */
public record ServerSpec(String zone, String name, String commercialType, List<String> tags) {}
