"""The stand-in's Stripe without HTTP: state, routing, authentication, idempotency keys, expand
and lists, events. The resources are in connect.py, checkout.py and refunds.py (mixed in).

Everything lives in one JSON-friendly dict (`Backend.data`) so the dev server can save it to a
file between runs. The caller (server.StandIn) serialises access with a lock, persists after each
call and delivers the events the call produced (`Backend.outbox`) once the lock is released, so
a webhook handler may call back into the stand-in while it is being notified.

Object shapes follow Stripe's API reference for the fields the project reads, with the rest of
each object's top-level fields present (mostly null) so code that touches them does not break.
"""

import copy
import re
import time

from . import schemas
from .checkout import Checkout
from .common import COLLECTIONS, Context, default_api_version, random_id
from .connect import Connect
from .errors import StripeError, invalid, no_such
from .params import check, decode
from .refunds import Refunds


def empty_state() -> dict:
    return {
        "objects": {},  # id → Stripe object, in creation order
        "private": {},  # id → what the stand-in keeps beside an object (line items, link targets)
        "idempotency": {},  # "<api key> <account> <key>" → the first request and its answer
        "deliveries": [],  # webhook delivery attempts
    }


class Backend(Connect, Checkout, Refunds):
    def __init__(self, *, base_url, clock=time.time, api_version=None, data=None):
        self._base_url = base_url  # a callable: the server knows its port once started
        self.clock = clock
        self.api_version = api_version or default_api_version()
        self.data = data or empty_state()
        self.outbox: list[dict] = []
        self._context: Context | None = None
        self.injected_errors: list[dict] = []

    # --- Plumbing ------------------------------------------------------------------------------

    @property
    def base_url(self) -> str:
        return self._base_url()

    @property
    def objects(self) -> dict:
        return self.data["objects"]

    @property
    def private(self) -> dict:
        return self.data["private"]

    def now(self) -> int:
        return int(self.clock())

    def reset(self):
        self.data.clear()
        self.data.update(empty_state())
        self.injected_errors.clear()
        self.outbox.clear()

    def new(self, kind: str, **fields) -> dict:
        obj = {"id": random_id(kind), "object": kind, **fields}
        if "created" not in obj:
            obj["created"] = self.now()
        obj.setdefault("livemode", False)
        self.objects[obj["id"]] = obj
        return obj

    def get(self, object_id: str, kind: str, param: str = "id") -> dict:
        obj = self.objects.get(object_id)
        if obj is None or obj.get("object") != kind:
            if kind == "account":
                # What Stripe answers for an account the platform cannot see (SDK: PermissionError).
                raise StripeError(
                    "The provided key does not have access to account "
                    f"'{object_id}' (or that account does not exist). "
                    "Application access may have been revoked.",
                    status=403,
                    code="account_invalid",
                )
            raise no_such(kind, object_id, param)
        return obj

    def of_kind(self, kind: str) -> list[dict]:
        return [obj for obj in self.objects.values() if obj.get("object") == kind]

    def emit(self, event_type: str, obj: dict, *, previous: dict | None = None, account: str | None = None):
        """Records an event (a snapshot of `obj` now) and queues it for delivery."""
        data = {"object": copy.deepcopy(obj)}
        if previous is not None:
            data["previous_attributes"] = copy.deepcopy(previous)
        context = self._context
        fields = {
            "api_version": self.api_version,
            "data": data,
            "pending_webhooks": 1,
            "request": {
                "id": context.request_id if context else None,
                "idempotency_key": context.idempotency_key if context else None,
            },
            "type": event_type,
        }
        if account:
            # An event on a connected account: Stripe sends it to the Connect endpoints.
            fields = {"account": account, **fields}
        event = self.new("event", **fields)
        self.outbox.append(event)
        return event

    def take_outbox(self) -> list[dict]:
        events, self.outbox = self.outbox, []
        return events

    # --- The HTTP API ----------------------------------------------------------------------------

    def routes(self):
        return [
            ("POST", r"/v1/accounts", self.create_account),
            ("GET", r"/v1/accounts", self.list_accounts),
            ("GET", r"/v1/accounts/(?P<id>[^/]+)", self.retrieve_account),
            ("POST", r"/v1/accounts/(?P<id>[^/]+)", self.update_account),
            ("POST", r"/v1/accounts/(?P<id>[^/]+)/login_links", self.create_login_link),
            ("POST", r"/v1/account_links", self.create_account_link),
            ("POST", r"/v1/checkout/sessions", self.create_session),
            ("GET", r"/v1/checkout/sessions", self.list_sessions),
            ("GET", r"/v1/checkout/sessions/(?P<id>[^/]+)", self.retrieve_session),
            ("GET", r"/v1/checkout/sessions/(?P<id>[^/]+)/line_items", self.session_line_items),
            ("POST", r"/v1/checkout/sessions/(?P<id>[^/]+)/expire", self.expire_session_api),
            ("GET", r"/v1/payment_intents/(?P<id>[^/]+)", self.retrieve_payment_intent),
            ("POST", r"/v1/refunds", self.create_refund),
            ("GET", r"/v1/refunds", self.list_refunds),
            ("GET", r"/v1/events", self.list_events),
            ("GET", r"/v1/(?P<collection>charges|refunds|events|disputes|transfers|application_fees)"
             r"/(?P<id>[^/]+)", self.retrieve),
        ]  # fmt: skip

    def handle(self, method, path, query_pairs, body_pairs, headers) -> tuple[int, dict, dict]:
        """One API request → (status, JSON body, extra response headers)."""
        request_id = random_id("request")
        response_headers = {"Request-Id": request_id}
        try:
            api_key = self._authenticate(headers)
            self.expire_due()
            handler, groups = self._route(method, path)
            params = decode(body_pairs if method == "POST" else query_pairs)
            key = headers.get("idempotency-key") if method == "POST" else None
            context = Context(
                request_id=request_id,
                api_key=api_key,
                idempotency_key=key,
                stripe_account=headers.get("stripe-account"),
            )
            if key:
                response_headers["Idempotency-Key"] = key
                replay = self._idempotent_replay(context, method, path, params)
                if replay is not None:
                    response_headers["Idempotent-Replayed"] = "true"
                    return replay["status"], replay["body"], response_headers
            try:
                self._context = context
                status, body = self._run(method, path, handler, params, groups)
            except StripeError as error:
                if not error.extra.pop("_injected", False):
                    raise  # a refused request: Stripe saves no idempotent result for it
                status, body = error.status, error.body(request_id)
            finally:
                self._context = None
            if key:
                self._idempotent_save(context, method, path, params, status, body)
            return status, body, response_headers
        except StripeError as error:
            return error.status, error.body(request_id), response_headers

    def _authenticate(self, headers) -> str:
        header = headers.get("authorization", "")
        scheme, _, credentials = header.partition(" ")
        if scheme.lower() == "basic":
            import base64

            credentials = base64.b64decode(credentials).decode().partition(":")[0]
        elif scheme.lower() != "bearer":
            credentials = ""
        if not credentials:
            raise StripeError(
                "You did not provide an API key. You need to provide your API key in the "
                "Authorization header, using Bearer auth (e.g. 'Authorization: Bearer YOUR_SECRET_KEY').",
                status=401,
            )
        if not credentials.startswith(("sk_test_", "rk_test_")):
            # A live key has no business here: refuse it loudly.
            raise StripeError(
                f"Invalid API Key provided: {credentials[:8]}****. The local Stripe stand-in only "
                "accepts test keys (sk_test_...).",
                status=401,
                code="api_key_invalid",
            )
        return credentials

    def _route(self, method, path):
        known_path = False
        for route_method, pattern, handler in self.routes():
            match = re.fullmatch(pattern, path)
            if match:
                known_path = True
                if route_method == method:
                    return handler, match.groupdict()
        if known_path:
            message = f"Unrecognized request URL ({method}: {path})."
        else:
            message = (
                f"Unrecognized request URL ({method}: {path}). The local Stripe stand-in "
                "implements only the calls this project makes (devtools/stripe_standin/README.md)."
            )
        raise StripeError(message, status=404)

    def _run(self, method, path, handler, params, groups):
        for injected in self.injected_errors:
            if injected["method"] == method and re.fullmatch(injected["path"], path):
                injected["times"] -= 1
                if injected["times"] <= 0:
                    self.injected_errors.remove(injected)
                error = injected["error"]
                raise StripeError(
                    error.message,
                    status=error.status,
                    type=error.type,
                    code=error.code,
                    param=error.param,
                    extra={**error.extra, "_injected": True},
                )
        return 200, handler(params, **groups)

    def _idempotency_slot(self, context: Context) -> str:
        return f"{context.api_key} {context.stripe_account or '-'} {context.idempotency_key}"

    def _idempotent_replay(self, context, method, path, params):
        saved = self.data["idempotency"].get(self._idempotency_slot(context))
        if saved is None:
            return None
        if saved["request"] != [method, path, params]:
            raise StripeError(
                "Keys for idempotent requests can only be used with the same parameters they were "
                f"first used with. Try using a key other than '{context.idempotency_key}' if you "
                "meant to execute a different request.",
                type="idempotency_error",
            )
        return saved

    def _idempotent_save(self, context, method, path, params, status, body):
        self.data["idempotency"][self._idempotency_slot(context)] = {
            "request": [method, path, params],
            "status": status,
            "body": body,
        }

    # --- Rendering: expand and lists -------------------------------------------------------------

    def render(self, obj: dict, expand=()) -> dict:
        rendered = copy.deepcopy(obj)
        for path in expand or ():
            self._expand(rendered, path.split("."), path)
        return rendered

    def _expand(self, node, parts, full_path):
        if isinstance(node, list):
            for item in node:
                self._expand(item, parts, full_path)
            return
        head, rest = parts[0], parts[1:]
        if node.get("object") == "checkout.session" and head == "line_items":
            node["line_items"] = self._line_items_list(node["id"], {})
        elif node.get("object") == "list" and head == "data":
            pass
        elif head not in node:
            raise StripeError(f"This property cannot be expanded ({full_path}).", param="expand")
        value = node[head]
        if isinstance(value, str) and value in self.objects:
            value = node[head] = copy.deepcopy(self.objects[value])
        elif isinstance(value, str) or (value is not None and not isinstance(value, dict | list)):
            raise StripeError(f"This property cannot be expanded ({full_path}).", param="expand")
        if rest and value is not None:
            self._expand(value, rest, full_path)

    def paginate(self, items: list[dict], url: str, params: dict) -> dict:
        """Stripe's list: newest first, `limit` (1-100, default 10), starting_after/ending_before."""
        limit = params.get("limit", 10)
        if not 1 <= limit <= 100:
            raise invalid("limit", "Invalid limit: must be between 1 and 100")
        items = list(reversed(items))
        ids = [item["id"] for item in items]
        if "starting_after" in params:
            cursor = params["starting_after"]
            items = items[ids.index(cursor) + 1 :] if cursor in ids else []
            page = items[:limit]
        elif "ending_before" in params:
            cursor = params["ending_before"]
            items = items[: ids.index(cursor)] if cursor in ids else []
            page = items[-limit:]
        else:
            page = items[:limit]
        expand = [path.removeprefix("data.") for path in params.get("expand", [])]
        return {
            "object": "list",
            "data": [self.render(item, expand) for item in page],
            "has_more": len(items) > len(page),
            "url": url,
        }

    # --- Generic retrieve --------------------------------------------------------------------------

    def retrieve(self, params, *, collection, id):
        params = check(params, schemas.RETRIEVE)
        return self.render(self.get(id, COLLECTIONS[collection]), params.get("expand"))

    # --- Events --------------------------------------------------------------------------------------

    def list_events(self, params):
        params = check(params, schemas.EVENT_LIST)
        events = self.of_kind("event")
        if "type" in params:
            pattern = re.escape(params["type"]).replace(r"\*", ".*")
            events = [event for event in events if re.fullmatch(pattern, event["type"])]
        if "types" in params:
            events = [event for event in events if event["type"] in params["types"]]
        return self.paginate(events, "/v1/events", params)
