package jnc.net.proxy;

/**
 * A request the proxy server answers with an error status instead of serving it: the status line's
 * code and reason, sent as {@code HTTP/1.1 <code> <reason>}. Thrown while reading or checking a request.
 */
final class HttpError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    final int code;
    final String reason;
    /** Header fields of the answer, each ending in CR LF (405's {@code Allow}); usually empty. */
    final String fields;

    HttpError(int code, String reason) {
        this(code, reason, "");
    }

    HttpError(int code, String reason, String fields) {
        super(code + " " + reason, null, false, false); // no stack trace: it is an answer, not a fault
        this.code = code;
        this.reason = reason;
        this.fields = fields;
    }

    static HttpError badRequest() {
        return new HttpError(400, "Bad Request");
    }
}
