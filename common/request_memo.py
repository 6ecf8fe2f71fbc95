"""Values computed once per request (the legal state is read by the gate, the footer and the
banner): a dict in a context variable, opened by RequestMemoMiddleware. Outside a request
(tasks, commands) nothing is remembered."""

from contextvars import ContextVar

_memo: ContextVar[dict | None] = ContextVar("request_memo", default=None)


def once_per_request(key: str, compute):
    memo = _memo.get()
    if memo is None:
        return compute()
    if key not in memo:
        memo[key] = compute()
    return memo[key]


def forget(key: str) -> None:
    """After a change made by this request (it must read the new value)."""
    memo = _memo.get()
    if memo is not None:
        memo.pop(key, None)


class RequestMemoMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _memo.set({})
        try:
            return self.get_response(request)
        finally:
            _memo.reset(token)
