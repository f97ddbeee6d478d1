package org.ela.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The configuration rules of issue #11, checked on parsing (no cluster needed). */
class SecurityConfigTest {
    private static String yaml(String address, String... gatewayLines) {
        return String.join("\n", "elastics:", "  old: {addresses: [\"http://127.0.0.1:1\"]}",
                "  new: {addresses: [\"https://127.0.0.1:2\"]}", "gateway:", "  address: " + address,
                "  source_es: old", "  target_es: new", "  master: old", String.join("\n", gatewayLines), "");
    }

    @Test
    void anOpenGatewayIsAllowedOnLoopbackOrWhenSaidInsecure() {
        assertThat(ConfigLoader.parse(yaml("127.0.0.1:8080")).gateway().user()).isNull();
        assertThat(ConfigLoader.parse(yaml("localhost:8080")).gateway().user()).isNull();
        assertThat(ConfigLoader.parse(yaml("0.0.0.0:8080", "  insecure: true")).gateway().security().insecure()).isTrue();
        assertThatThrownBy(() -> ConfigLoader.parse(yaml("0.0.0.0:8080")))
                .isInstanceOf(ConfigException.class).hasMessageStartingWith("gateway.user: required when listening on 0.0.0.0");
        assertThat(ConfigLoader.parse(yaml("0.0.0.0:8080", "  user: app", "  password: s")).gateway().user()).isEqualTo("app");
    }

    @Test
    void credentialsComeInPairs() {
        assertThatThrownBy(() -> ConfigLoader.parse(yaml("127.0.0.1:8080", "  user: app")))
                .hasMessageStartingWith("gateway.password: missing");
        assertThatThrownBy(() -> ConfigLoader.parse(yaml("127.0.0.1:8080", "  user: app", "  password: ''")))
                .hasMessageStartingWith("gateway.password: missing");
        assertThatThrownBy(() -> ConfigLoader.parse(yaml("127.0.0.1:8080", "  admin_user: ops")))
                .hasMessageStartingWith("gateway.admin_password: missing");
    }

    @Test
    void limitsHaveDocumentedDefaultsAndAreChecked() {
        LimitsConfig l = ConfigLoader.parse(yaml("127.0.0.1:8080")).gateway().security().limits();
        assertThat(l.maxInFlight()).isEqualTo(128);
        assertThat(l.maxBodyBytes()).isEqualTo(100L << 20);
        assertThat(l.maxResponseBytes()).isEqualTo(128L << 20);
        assertThat(l.maxSwitchTimeout()).isEqualTo(Duration.ofMinutes(10));
        assertThat(l.requestParseTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(l.loginFailures()).isEqualTo(10);
        assertThatThrownBy(() -> ConfigLoader.parse(yaml("127.0.0.1:8080", "  limits:", "    max_in_flight: 0")))
                .hasMessageStartingWith("gateway.limits.max_in_flight: must be a positive number");
        assertThatThrownBy(() -> ConfigLoader.parse(yaml("127.0.0.1:8080", "  limits:", "    max_inflight: 3")))
                .hasMessageStartingWith("gateway.limits.max_inflight: unknown key");
    }

    @Test
    void tlsKeysAreChecked() {
        assertThatThrownBy(() -> ConfigLoader.parse(yaml("127.0.0.1:8080", "  tls:", "    cert: /nonexistent.pem")))
                .hasMessageStartingWith("gateway.tls.cert: cannot read file");
        assertThatThrownBy(() -> ConfigLoader.parse(yaml("127.0.0.1:8080", "  tls: {}")))
                .hasMessageStartingWith("gateway.tls: give either cert and key");
        assertThat(ConfigLoader.parse(yaml("127.0.0.1:8080")).elastics().get("new").tls()).isEqualTo(BackendTls.DEFAULT);
    }
}
