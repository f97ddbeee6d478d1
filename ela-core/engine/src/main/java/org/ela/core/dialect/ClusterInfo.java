package org.ela.core.dialect;

/** What {@code GET /} reports about a cluster: names and version details, as detected at start. */
public record ClusterInfo(String nodeName, String clusterName, String clusterUuid, EsVersion version,
                          String buildHash, String buildDate, String luceneVersion) {
}
