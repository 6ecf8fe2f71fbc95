"""Errors in Stripe's format: `{"error": {"type", "message", "code", "param", ...}}`.

The HTTP status decides which exception the SDK raises (stripe/_api_requestor.py,
`specific_v1_api_error`): 400/404 → InvalidRequestError (IdempotencyError when the type is
"idempotency_error"), 401 → AuthenticationError, 402 → CardError, 403 → PermissionError,
429 → RateLimitError, anything else → APIError.
"""

DOC_URL = "https://docs.stripe.com/error-codes"


class StripeError(Exception):
    """An API error answered to the client as Stripe would answer it."""

    def __init__(
        self,
        message: str,
        *,
        status: int = 400,
        type: str = "invalid_request_error",
        code: str | None = None,
        param: str | None = None,
        extra: dict | None = None,
    ):
        super().__init__(message)
        self.message = message
        self.status = status
        self.type = type
        self.code = code
        self.param = param
        self.extra = extra or {}

    def body(self, request_id: str | None = None) -> dict:
        error = {"type": self.type, "message": self.message}
        if self.code:
            error["code"] = self.code
            error["doc_url"] = f"{DOC_URL}#{self.code.replace('_', '-')}"
        if self.param:
            error["param"] = self.param
        if request_id:
            error["request_log_url"] = f"https://dashboard.stripe.com/test/logs/{request_id}"
        error.update(self.extra)
        return {"error": error}


def missing(param: str) -> StripeError:
    return StripeError(f"Missing required param: {param}.", code="parameter_missing", param=param)


def invalid(param: str, message: str, code: str = "parameter_invalid") -> StripeError:
    return StripeError(message, code=code, param=param)


def no_such(object_name: str, object_id: str, param: str = "id") -> StripeError:
    return StripeError(
        f"No such {object_name}: '{object_id}'", status=404, code="resource_missing", param=param
    )
