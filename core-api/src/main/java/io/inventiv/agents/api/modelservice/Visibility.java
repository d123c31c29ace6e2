package io.inventiv.agents.api.modelservice;

/** Who may call a model service: its organization only, anyone who knows its name, or anyone listing models. */
public enum Visibility { PRIVATE, UNLISTED, PUBLIC }
