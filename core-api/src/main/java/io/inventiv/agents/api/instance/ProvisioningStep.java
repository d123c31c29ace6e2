package io.inventiv.agents.api.instance;

/** The steps of provisioning, in order; each is an idempotent request to the provider. */
public enum ProvisioningStep {
    CREATE_SERVER,
    ATTACH_DATA_VOLUME,
    POWER_ON,
    WAIT_FOR_ADDRESS
}
