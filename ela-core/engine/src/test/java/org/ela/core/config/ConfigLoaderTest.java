package org.ela.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ConfigLoaderTest {
    private static final String ELASTICS = """
            level: debug
            elastics:
              es5:
                addresses: ["http://127.0.0.1:9200", "127.0.0.2:9201"]
                user: elastic
                password: s3cret
              es8:
                addresses: ["https://10.0.0.1:9200"]
            """;

    @Test
    void readsTheOriginalLayout() {
        ElaConfig c = ConfigLoader.parse(ELASTICS + """
                gateway:
                  address: 0.0.0.0:8080
                  user: app
                  password: pw
                  source_es: es5
                  target_es: es8
                  master: es5
                tasks:
                  - {name: copy, action: sync, source_es: es5, target_es: es8}
                """);
        assertThat(c.level()).isEqualTo("debug");
        assertThat(c.elastics().get("es5").addresses()).extracting(Object::toString)
                .containsExactly("http://127.0.0.1:9200/", "http://127.0.0.2:9201/");
        assertThat(c.gateway().port()).isEqualTo(8080);
        assertThat(c.gateway().slave()).isEqualTo("es8");
        assertThat(c.gateway().multiTypes()).isEqualTo(org.ela.core.dialect.MultiTypePolicy.REJECT);
        assertThat(c.tasks()).hasSize(1);
        assertThat(c.elastics().get("es5").toString()).doesNotContain("s3cret");
    }

    @Test
    void acceptsTheOlderGatewayKeyNames() {
        ElaConfig c = ConfigLoader.parse(ELASTICS + """
                gateway: {gateway_address: ":9300", gateway_user: u, gateway_password: p, source_es: es5, target_es: es8, master: es8}
                """);
        assertThat(c.gateway().port()).isEqualTo(9300);
        assertThat(c.gateway().user()).isEqualTo("u");
        assertThat(c.gateway().slave()).isEqualTo("es5");
    }

    @Test
    void everyProblemNamesItsKey() {
        assertProblem(ELASTICS + "gateway: {address: ':1', source_es: nope, target_es: es8, master: es8}",
                "gateway.source_es: unknown cluster 'nope'");
        assertProblem(ELASTICS + "gateway: {address: ':1', source_es: es5, target_es: es8, master: es9}",
                "gateway.master: 'es9' must be source_es");
        assertProblem(ELASTICS + "gateway: {address: 'nowhere', source_es: es5, target_es: es8, master: es5}",
                "gateway.address: 'nowhere' is not host:port");
        assertProblem("elastics: {a: {addresses: ['ftp://x']}}", "elastics.a.addresses: 'ftp://x' is not an address");
        assertProblem("elastics: {a: {}}", "elastics.a.addresses: missing");
        assertProblem(ELASTICS + "gateway: {adress: ':1'}", "gateway.adress: unknown key");
        assertProblem("level: loud", "level: 'loud'");
        assertProblem(ELASTICS + "gateway: {address: ':1', source_es: es5, target_es: es8, master: es5, multi_type: split}",
                "gateway.multi_type: 'split' is not one of reject, merge");
        assertThat(ConfigLoader.parse(ELASTICS + "gateway: {address: '127.0.0.1:1', source_es: es5, target_es: es8,"
                + " master: es5, multi_type: merge}").gateway().multiTypes()).isEqualTo(org.ela.core.dialect.MultiTypePolicy.MERGE);
        assertThatThrownBy(() -> ConfigLoader.load(Path.of("/nonexistent/ela.yml")))
                .hasMessage("config file not found: /nonexistent/ela.yml");
    }

    @Test
    void readsTheKafkaJournalSettingsWithTheirDefaults() {
        String gateway = "gateway: {address: '127.0.0.1:1', source_es: es5, target_es: es8, master: es5";
        assertThat(ConfigLoader.parse(ELASTICS + gateway + "}").gateway().kafka()).as("file by default").isNull();
        org.ela.core.journal.KafkaJournalSettings kafka = ConfigLoader.parse(ELASTICS + gateway
                + ", journal: kafka, kafka: {bootstrap_servers: 'k1:9092,k2:9092',"
                + " properties: {security.protocol: SSL, ssl.truststore.location: /etc/ts.jks}}}").gateway().kafka();
        assertThat(kafka.bootstrapServers()).isEqualTo("k1:9092,k2:9092");
        assertThat(kafka.topic()).isEqualTo("ela-journal");
        assertThat(kafka.partitions()).isEqualTo(12);
        assertThat(kafka.group()).isEqualTo("ela-journal-replicators");
        assertThat(kafka.properties()).containsEntry("security.protocol", "SSL")
                .containsEntry("ssl.truststore.location", "/etc/ts.jks");
        assertProblem(ELASTICS + gateway + ", journal: kafka}", "gateway.kafka: missing");
        assertProblem(ELASTICS + gateway + ", journal: zookeeper}", "gateway.journal: 'zookeeper' is neither");
        assertProblem(ELASTICS + gateway + ", journal: kafka, kafka: {bootstrap_servers: k, partitions: 0}}",
                "gateway.kafka.partitions: must be a whole number");
        assertProblem(ELASTICS + gateway + ", journal: kafka, kafka: {bootstrap_servers: k, topik: t}}",
                "gateway.kafka.topik: unknown key");
        assertProblem(ELASTICS + gateway + ", kafka: {bootstrap_servers: k}}", "gateway.kafka: only used with");
    }

    @Test
    void logFormatIsTextUnlessJson() {
        assertThat(ConfigLoader.parse(ELASTICS).logFormat()).isEqualTo("text");
        assertThat(ConfigLoader.parse("log_format: json\n" + ELASTICS).logFormat()).isEqualTo("json");
        assertProblem("log_format: xml", "log_format: 'xml' is not one of");
    }

    /** Credentials in an address were silently dropped, and echoed whole by the error about a bad address. */
    @Test
    void credentialsInAnAddressAreRefusedWithoutBeingRepeated() {
        assertThatThrownBy(() -> ConfigLoader.parse("elastics: {a: {addresses: ['http://elastic:s3cret@es:9200']}}"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("elastics.a.addresses: credentials go in elastics.a.user and password")
                .hasMessageNotContaining("s3cret");
        assertThatThrownBy(() -> ConfigLoader.parse("elastics: {a: {addresses: ['ftp://elastic:s3cret@es']}}"))
                .hasMessageNotContaining("s3cret");
    }

    @Test
    void theReplicationLingerDefaultsTo100MsAndIsBounded() {
        String gateway = ELASTICS + "gateway: {address: '127.0.0.1:8080', source_es: es5, target_es: es8, master: es5";
        assertThat(ConfigLoader.parse(gateway + "}").gateway().replicationLinger()).hasMillis(100);
        assertThat(ConfigLoader.parse(gateway + ", replication_linger_ms: 0}").gateway().replicationLinger()).isZero();
        assertThatThrownBy(() -> ConfigLoader.parse(gateway + ", replication_linger_ms: -1}"))
                .hasMessageContaining("gateway.replication_linger_ms: must be from 0 (off) to 10000 milliseconds");
    }

    @Test
    void theGatewaysOfTheKafkaJournalFormAFleet() {
        String gateway = ELASTICS + "gateway: {address: '127.0.0.1:8080', source_es: es5, target_es: es8, master: es5";
        assertThat(ConfigLoader.parse(gateway + "}").gateway().fleet()).as("the file journal: alone").isNull();

        GatewayConfig g = ConfigLoader.parse(gateway + ", journal: kafka, kafka: {bootstrap_servers: 'k1:9092',"
                + " instance: gw-1, lease_ms: 3000}}").gateway();
        assertThat(g.fleet().controlTopic()).isEqualTo("ela-control");
        assertThat(g.fleet().instance()).isEqualTo("gw-1");
        assertThat(g.fleet().lease()).hasMillis(3000);
        assertThat(g.fleet().heartbeat()).hasMillis(1000);
        assertThat(g.kafka().bootstrapServers()).isEqualTo("k1:9092");

        assertProblem(gateway + ", journal: kafka, kafka: {bootstrap_servers: k, heartbeat_ms: 5000}}",
                "gateway.kafka.lease_ms: must be longer");
        assertProblem(gateway + ", journal: kafka, kafka: {bootstrap_servers: k, lease: 1}}",
                "gateway.kafka.lease: unknown key");
    }

    private static void assertProblem(String yaml, String message) {
        assertThatThrownBy(() -> ConfigLoader.parse(yaml)).isInstanceOf(ConfigException.class).hasMessageContaining(message);
    }
}
