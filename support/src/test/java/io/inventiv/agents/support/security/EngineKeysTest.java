package io.inventiv.agents.support.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.inventiv.agents.api.instance.InstanceId;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EngineKeysTest {

    private static final InstanceId ONE = InstanceId.derivedFrom("one");
    private static final InstanceId TWO = InstanceId.derivedFrom("two");

    @TempDir
    Path dir;

    @Test
    void a_secret_made_on_first_use_is_owner_only_and_kept_so_keys_survive_a_restart() throws Exception {
        Path file = dir.resolve("keys/engine-keys.secret");
        String first = EngineKeys.from(null, file).of(ONE);

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(EngineKeys.from("", file).of(ONE)).isEqualTo(first);
        assertThat(first).startsWith("ek_").hasSize(3 + 43);
    }

    @Test
    void each_instance_has_its_own_key_and_each_platform_secret_its_own_keys() {
        String secret = Base64.getEncoder().encodeToString(new byte[32]);
        String other = Base64.getEncoder().encodeToString("another secret of thirty-two b!!".getBytes());
        EngineKeys keys = EngineKeys.from(secret, dir.resolve("unused"));

        assertThat(keys.of(ONE)).isNotEqualTo(keys.of(TWO));
        assertThat(EngineKeys.from(secret, dir.resolve("unused")).of(ONE)).as("every node computes the same").isEqualTo(keys.of(ONE));
        assertThat(EngineKeys.from(other, dir.resolve("unused")).of(ONE)).isNotEqualTo(keys.of(ONE));
        assertThat(Files.exists(dir.resolve("unused"))).as("a given secret is not written anywhere").isFalse();
        assertThat(keys.toString()).doesNotContain(secret);
    }

    @Test
    void nodes_that_make_the_secret_at_the_same_moment_in_a_shared_directory_all_hold_the_same_one() throws Exception {
        InstanceId instance = InstanceId.random();
        for (int round = 0; round < 20; round++) {
            Path file = dir.resolve("round-" + round).resolve("engine-keys.secret");
            java.util.concurrent.CyclicBarrier together = new java.util.concurrent.CyclicBarrier(4);
            java.util.concurrent.ExecutorService nodes = java.util.concurrent.Executors.newFixedThreadPool(4);
            try {
                java.util.List<java.util.concurrent.Future<String>> keys = new java.util.ArrayList<>();
                for (int node = 0; node < 4; node++) {
                    keys.add(nodes.submit(() -> {
                        together.await();
                        return EngineKeys.from(null, file).of(instance);
                    }));
                }
                java.util.Set<String> distinct = new java.util.HashSet<>();
                for (var key : keys) {
                    distinct.add(key.get());
                }
                assertThat(distinct).hasSize(1);
                assertThat(EngineKeys.from(null, file).of(instance)).isEqualTo(distinct.iterator().next());
                try (var left = Files.list(file.getParent())) {
                    assertThat(left.map(f -> f.getFileName().toString())).containsExactly("engine-keys.secret");
                }
            } finally {
                nodes.shutdownNow();
            }
        }
    }

    @Test
    void a_short_secret_is_refused() {
        assertThatThrownBy(() -> EngineKeys.from(Base64.getEncoder().encodeToString(new byte[16]), dir.resolve("x")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("256 bits");
    }
}
