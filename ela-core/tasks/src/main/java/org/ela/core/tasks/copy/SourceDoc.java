package org.ela.core.tasks.copy;

/**
 * A document as read from a cluster: its metadata and its source exactly as stored (raw bytes, so numbers
 * and key order are never touched).
 *
 * @param type    the mapping type on typed (5.x/6.x) clusters, else null
 * @param source  null when read without source
 */
public record SourceDoc(String id, String type, String routing, long version, byte[] source) {
}
