package org.ela.core.config;

import org.ela.core.dialect.MultiTypePolicy;

/**
 * The {@code gateway:} section.
 *
 * @param host, port   where the gateway listens ({@code address})
 * @param user         basic-auth user applications must present (null: no authentication)
 * @param sourceEs     the cluster the application was written for: its dialect is the one clients speak
 * @param targetEs     the cluster being migrated to
 * @param master       which of the two answers clients; the other one is the slave
 * @param defaultType  type name reported to typed (5.x/6.x) clients for indices whose type Ela has not seen
 * @param multiTypes   what a write of a second mapping type into an index meets when 6.x+ takes part
 * @param journalDir   where the replication journal, its checkpoint and the dead letters live
 * @param journalMaxBytes disk bound of the journal: beyond it new writes are refused (503)
 * @param security     admin credentials, listener TLS and limits (issue #11)
 * @param deadLettersMaxBytes disk bound of the dead letters: once reached, replication stops and writes are refused
 * @param replicationLinger how long the replicator waits for more writes when it has less than a slave bulk to send
 * @param shadowReads  fraction (0–1) of reads also sent to the slave and compared (see ShadowReads)
 * @param kafka        the fleet's Kafka journal ({@code journal: kafka}), or null for the file journal in journalDir
 * @param fleet        how the gateways sharing the Kafka journal coordinate switches; null with the file journal
 */
public record GatewayConfig(String host, int port, String user, String password, String sourceEs, String targetEs,
                            String master, String defaultType, MultiTypePolicy multiTypes,
                            java.nio.file.Path journalDir, long journalMaxBytes,
                            long deadLettersMaxBytes, long slaveBulkBytes, java.time.Duration settleDelay,
                            java.time.Duration replicationLinger, double shadowReads, SecurityConfig security,
                            org.ela.core.journal.KafkaJournalSettings kafka, FleetConfig fleet) {

    public GatewayConfig withMaster(String newMaster) {
        return new GatewayConfig(host, port, user, password, sourceEs, targetEs, newMaster, defaultType, multiTypes,
                journalDir, journalMaxBytes, deadLettersMaxBytes, slaveBulkBytes, settleDelay, replicationLinger, shadowReads, security, kafka,
                fleet);
    }

    public String slave() {
        return master.equals(sourceEs) ? targetEs : sourceEs;
    }

    @Override
    public String toString() {
        return "gateway " + host + ":" + port + " source=" + sourceEs + " target=" + targetEs + " master=" + master;
    }
}
