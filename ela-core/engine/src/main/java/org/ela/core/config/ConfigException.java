package org.ela.core.config;

/** A configuration problem, worded as one line that names the key and what is wrong with it. */
public class ConfigException extends RuntimeException {
    public ConfigException(String message) {
        super(message);
    }
}
