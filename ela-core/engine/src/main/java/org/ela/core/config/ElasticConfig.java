package org.ela.core.config;

import java.net.URI;
import java.util.List;

/** One entry of {@code elastics:}: a cluster's addresses and the credentials Ela uses with it. */
public record ElasticConfig(String name, List<URI> addresses, String user, String password, BackendTls tls) {

    @Override
    public String toString() {
        return name + addresses + (user == null ? "" : " as " + user); // never the password
    }
}
