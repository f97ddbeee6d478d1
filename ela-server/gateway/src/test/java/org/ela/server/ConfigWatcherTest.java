package org.ela.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import org.ela.core.dispatch.DispatcherFixture;
import org.junit.jupiter.api.Test;

/**
 * Issue #9, problem 5 (watcher): the configuration file switches the master only when its {@code gateway.master}
 * changes; rewriting the same value after a switch by the API does not switch back. Fake clusters, real file.
 */
class ConfigWatcherTest {

    @Test
    void onlyAChangedValueSwitches() throws Exception {
        try (DispatcherFixture f = new DispatcherFixture("es8")) {
            Path file = f.dir.resolve("ela.yml");
            String yaml = TestGatewaysYaml.of("es8", f.dir.toString());
            Files.writeString(file, yaml);
            try (ConfigWatcher watcher = new ConfigWatcher(file, f.dispatcher).start()) {
                assertThat(f.switchTo("es5").switched()).isTrue(); // POST /_ela/master

                Files.writeString(file, yaml); // same content
                Files.setLastModifiedTime(file, FileTime.fromMillis(System.currentTimeMillis()));
                Thread.sleep(1500);
                assertThat(f.dispatcher.roles().master().name()).as("after a rewrite with the same value").isEqualTo("es5");

                Files.writeString(file, TestGatewaysYaml.of("es5", f.dir.toString()));
                Thread.sleep(1000);
                assertThat(f.dispatcher.roles().master().name()).as("the value became the master").isEqualTo("es5");
                assertThat(f.dispatcher.epoch()).isEqualTo(1);

                Files.writeString(file, TestGatewaysYaml.of("es8", f.dir.toString()));
                long deadline = System.currentTimeMillis() + 10_000;
                while (!f.dispatcher.roles().master().name().equals("es8") && System.currentTimeMillis() < deadline) {
                    Thread.sleep(50);
                }
                assertThat(f.dispatcher.roles().master().name()).as("a changed value switches").isEqualTo("es8");
                assertThat(f.dispatcher.epoch()).isEqualTo(2);
            }
        }
    }

    @Test
    void theThreadStartsOnlyWhenAsked() throws Exception {
        try (DispatcherFixture f = new DispatcherFixture("es8")) {
            Path file = f.dir.resolve("ela.yml");
            Files.writeString(file, TestGatewaysYaml.of("es8", f.dir.toString()));
            try (ConfigWatcher watcher = new ConfigWatcher(file, f.dispatcher)) {
                Files.writeString(file, TestGatewaysYaml.of("es5", f.dir.toString()));
                Thread.sleep(1000);
                assertThat(f.dispatcher.roles().master().name()).isEqualTo("es8");
            }
        }
    }

    /** A valid configuration naming the fixture's clusters; nothing connects to them. */
    private static final class TestGatewaysYaml {
        static String of(String master, String journalDir) {
            return TestGateways.yaml(master, "127.0.0.1:9", "127.0.0.1:9", journalDir);
        }
    }
}
