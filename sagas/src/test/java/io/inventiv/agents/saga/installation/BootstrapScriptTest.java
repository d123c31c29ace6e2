package io.inventiv.agents.saga.installation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bootstrap script itself, run by a real shell in dry-run mode: on a GPU machine (an nvidia-smi
 * answering) it plans vLLM in a virtual environment, the data volume formatted and mounted, the weights
 * downloaded onto it with the Hugging Face token in the environment only, and the agent started with
 * vLLM; on a machine without a GPU it plans the simulated engine and nothing of the kind.
 */
class BootstrapScriptTest {

    private static final String MODEL = "meta-llama/Llama-3.1-8B-Instruct";
    private static final String VOLUME = "3f1c2b7e-5a4d-4c3b-9e8f-1a2b3c4d5e6f";
    private static final String HF_TOKEN = "hf_secret_never_printed";

    @TempDir
    Path home;
    @TempDir
    Path tools;

    record Run(int exit, String output) {}

    private Run run(boolean gpu) throws Exception {
        Path dir = Files.createDirectories(home.resolve(".inventiv"));
        byte[] jar = "not really a jar".getBytes(StandardCharsets.UTF_8);
        Files.write(dir.resolve("inventiv-worker.jar"), jar);
        Files.writeString(dir.resolve("agent.base.properties"), "instance-id=i-1\nmodel=" + MODEL + "\n");
        Files.writeString(dir.resolve("hf-token"), HF_TOKEN);
        Path disks = Files.createDirectories(tools.resolve("disks"));
        Files.writeString(disks.resolve("scsi-0SCW_sbs_volume-" + VOLUME), "");
        Path bin = Files.createDirectories(tools.resolve("bin"));
        if (gpu) {
            Path nvidiaSmi = bin.resolve("nvidia-smi");
            Files.writeString(nvidiaSmi, "#!/bin/sh\necho 'GPU 0: NVIDIA L4 (UUID: GPU-0f1e2d3c)'\n");
            Files.setPosixFilePermissions(nvidiaSmi, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        String script = BootstrapScript.fill(BootstrapScript.template(), sha256(jar), MODEL, "0.11.0", false, VOLUME);
        Files.writeString(dir.resolve("bootstrap.sh"), script);
        ProcessBuilder builder = new ProcessBuilder("/bin/sh", ".inventiv/bootstrap.sh").directory(home.toFile()).redirectErrorStream(true);
        builder.environment().clear();
        builder.environment().putAll(Map.of("HOME", home.toString(), "PATH", bin + ":/usr/local/bin:/usr/bin:/bin", "INVENTIV_DRY_RUN", "1",
                "INVENTIV_DISKS", disks.toString(), "INVENTIV_JAVA", ProcessHandle.current().info().command().orElseThrow()));
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Run(process.exitValue(), output);
    }

    @Test
    void on_a_gpu_machine_it_plans_vllm_in_a_venv_the_data_volume_and_the_weights_then_the_agent() throws Exception {
        Run run = run(true);

        assertThat(run.exit()).as(run.output()).isZero();
        assertThat(phases(run.output())).containsExactly("check_gpu", "install_runtime", "install_agent", "download_model", "start_agent");
        assertThat(run.output())
                .contains("GPU 0: NVIDIA L4")
                .contains("+ python3 -m venv /opt/inventiv/vllm")
                .contains("+ /opt/inventiv/vllm/bin/pip install --quiet vllm==0.11.0 huggingface_hub[cli]")
                .contains("+ mkfs.ext4 -q -L inventiv-data " + tools.resolve("disks/scsi-0SCW_sbs_volume-" + VOLUME))
                .contains("+ mount " + tools.resolve("disks/scsi-0SCW_sbs_volume-" + VOLUME) + " /mnt/inventiv-data")
                .contains("+ /opt/inventiv/vllm/bin/huggingface-cli download " + MODEL + " --cache-dir /mnt/inventiv-data/huggingface")
                .contains("-jar .inventiv/inventiv-worker.jar agent --config .inventiv/agent.properties")
                .doesNotContain(HF_TOKEN);
        List<String> properties = Files.readAllLines(home.resolve(".inventiv/agent.properties"));
        assertThat(properties).contains("engine=vllm", "vllm-command=/opt/inventiv/vllm/bin/vllm",
                "download-dir=/mnt/inventiv-data/huggingface", "model=" + MODEL);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(home.resolve(".inventiv/agent.properties"))))
                .isEqualTo("rw-------");
    }

    @Test
    void without_a_gpu_it_plans_the_simulated_engine_and_no_download() throws Exception {
        Run run = run(false);

        assertThat(run.exit()).as(run.output()).isZero();
        assertThat(run.output()).contains("no NVIDIA GPU found").contains("simulated engine: no weights to download")
                .doesNotContain("venv").doesNotContain("mkfs").doesNotContain("huggingface-cli");
        assertThat(Files.readAllLines(home.resolve(".inventiv/agent.properties"))).contains("engine=simulated")
                .noneMatch(line -> line.startsWith("vllm-command="));
    }

    @Test
    void a_jar_that_is_not_the_one_sent_stops_the_installation() throws Exception {
        Path dir = Files.createDirectories(home.resolve(".inventiv"));
        Files.writeString(dir.resolve("agent.base.properties"), "model=" + MODEL + "\n");
        Files.write(dir.resolve("inventiv-worker.jar"), "tampered".getBytes(StandardCharsets.UTF_8));
        Files.writeString(dir.resolve("bootstrap.sh"), BootstrapScript.fill(BootstrapScript.template(), sha256("original".getBytes()), MODEL,
                "0.11.0", false, null));
        ProcessBuilder builder = new ProcessBuilder("/bin/sh", ".inventiv/bootstrap.sh").directory(home.toFile()).redirectErrorStream(true);
        builder.environment().putAll(Map.of("HOME", home.toString(), "INVENTIV_DRY_RUN", "1",
                "INVENTIV_JAVA", ProcessHandle.current().info().command().orElseThrow()));
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor()).as(output).isEqualTo(11);
        assertThat(output).contains("the agent jar is not the one sent");
    }

    @Test
    void values_that_the_shell_would_expand_are_refused() {
        assertThatThrownBy(() -> BootstrapScript.fill(BootstrapScript.template(), "abc", "model$(reboot)", "0.11.0", false, null))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static List<String> phases(String output) {
        return output.lines().filter(l -> l.startsWith("::phase::")).map(l -> l.substring("::phase::".length())).toList();
    }

    private static String sha256(byte[] content) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
    }
}
