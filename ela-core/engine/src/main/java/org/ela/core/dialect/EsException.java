package org.ela.core.dialect;

/**
 * A request Ela answers itself with an error, rendered in the client's dialect
 * (status, {@code error.type}, {@code reason}) instead of being forwarded.
 */
public class EsException extends RuntimeException {
    private final int status;
    private final String type;

    public EsException(int status, String type, String reason) {
        super(reason);
        this.status = status;
        this.type = type;
    }

    public static EsException badRequest(String reason) {
        return new EsException(400, "illegal_argument_exception", reason);
    }

    public static EsException parse(String reason) {
        return new EsException(400, "parse_exception", reason);
    }

    public int status() {
        return status;
    }

    public String type() {
        return type;
    }

    public String reason() {
        return getMessage();
    }
}
