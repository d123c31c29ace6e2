package io.inventiv.agents.saga.installation;

/** Runs the bootstrap script of an installation attempt in the background; its phases and its end come back as commands. */
public interface InstallRunner {

    void start(InstallJob job);
}
