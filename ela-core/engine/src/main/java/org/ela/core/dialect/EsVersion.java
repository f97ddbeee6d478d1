package org.ela.core.dialect;

/** A backend's product and version, as detected at start; dialects are chosen by it. */
public record EsVersion(String distribution, int major, int minor, int patch) implements Comparable<EsVersion> {

    public static final String ELASTICSEARCH = "elasticsearch";
    public static final String OPENSEARCH = "opensearch";

    /** Parses "5.6.16", "8.19.3-SNAPSHOT" etc. */
    public static EsVersion parse(String distribution, String number) {
        String[] parts = number.split("[.-]");
        try {
            return new EsVersion(distribution == null ? ELASTICSEARCH : distribution,
                    Integer.parseInt(parts[0]),
                    parts.length > 1 ? Integer.parseInt(parts[1]) : 0,
                    parts.length > 2 ? Integer.parseInt(parts[2]) : 0);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a version number: " + number, e);
        }
    }

    public static EsVersion elasticsearch(String number) {
        return parse(ELASTICSEARCH, number);
    }

    public boolean isOpenSearch() {
        return OPENSEARCH.equals(distribution);
    }

    /** Whether this is that version or a later one of the same major, or of a later major. */
    public boolean atLeast(int major, int minor) {
        return this.major > major || (this.major == major && this.minor >= minor);
    }

    public String number() {
        return major + "." + minor + "." + patch;
    }

    @Override
    public int compareTo(EsVersion o) {
        int c = Integer.compare(major, o.major);
        if (c == 0) {
            c = Integer.compare(minor, o.minor);
        }
        return c != 0 ? c : Integer.compare(patch, o.patch);
    }

    @Override
    public String toString() {
        return (isOpenSearch() ? "OpenSearch " : "Elasticsearch ") + number();
    }
}
