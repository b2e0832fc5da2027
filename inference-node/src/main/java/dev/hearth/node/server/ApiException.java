package dev.hearth.node.server;

/**
 * An error to return in OpenAI's error shape:
 * {@code {"error": {"message", "type", "param", "code"}}}.
 */
public final class ApiException extends RuntimeException {
    private final int status;
    private final String type;
    private final String param;
    private final String code;

    public ApiException(int status, String type, String param, String code, String message) {
        super(message, null, false, false); // a client-facing answer, not a fault: no stack trace to pay for
        this.status = status;
        this.type = type;
        this.param = param;
        this.code = code;
    }

    public static ApiException invalid(String param, String message) {
        return new ApiException(400, "invalid_request_error", param, null, message);
    }

    public int status() {
        return status;
    }

    /** The JSON body. */
    public ApiError body() {
        return new ApiError(new ApiError.Detail(getMessage(), type, param, code));
    }
}
