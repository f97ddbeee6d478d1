package org.ela.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** An open gateway off loopback is refused before anything starts: one line on stderr, exit 2. */
class ElaCommandSecureDefaultsTest {
    @TempDir
    Path dir;

    @Test
    void gatewayWithoutUserOnAllInterfacesExitsTwoWithOneLine() throws Exception {
        Path config = dir.resolve("ela.yml");
        Files.writeString(config, String.join("\n", "elastics:", "  old: {addresses: [\"http://127.0.0.1:1\"]}",
                "  new: {addresses: [\"http://127.0.0.1:2\"]}", "gateway:", "  address: 0.0.0.0:8080",
                "  source_es: old", "  target_es: new", "  master: old", ""));
        PrintStream saved = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        int exit;
        try {
            exit = new CommandLine(new ElaCommand()).execute("--config", config.toString(), "--gateway");
        } finally {
            System.setErr(saved);
        }
        String err = captured.toString(StandardCharsets.UTF_8);
        assertThat(exit).isEqualTo(2);
        assertThat(err.lines()).hasSize(1);
        assertThat(err).startsWith("ela: gateway.user: required when listening on 0.0.0.0").contains("gateway.insecure");
    }
}
