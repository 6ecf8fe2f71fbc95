"""The stand-in's Stripe: objects, API handlers and the simulated customer actions, without HTTP.

Everything lives in one JSON-friendly dict (`Backend.data`) so the dev server can save it to a
file between runs. The caller (server.StandIn) serialises access with a lock, persists after each
call and delivers the events the call produced (`Backend.outbox`) once the lock is released, so
a webhook handler may call back into the stand-in while it is being notified.

Object shapes follow Stripe's API reference for the fields the project reads, with the rest of
each object's top-level fields present (mostly null) so code that touches them does not break.
"""

import copy
import re
import secrets
import string
import time
from dataclasses import dataclass

from . import schemas
from .errors import StripeError, invalid, missing, no_such
from .params import check, decode

ALPHABET = string.ascii_letters + string.digits

# Prefix and length of the random part, as in Stripe's ids.
ID_FORMATS = {
    "account": ("acct_", 16),
    "account_link": ("", 0),
    "application_fee": ("fee_", 24),
    "balance_transaction": ("txn_", 24),
    "bank_account": ("ba_", 24),
    "charge": ("ch_", 24),
    "checkout.session": ("cs_test_", 58),
    "dispute": ("dp_", 24),
    "event": ("evt_", 24),
    "fee_refund": ("fr_", 24),
    "line_item": ("li_", 24),
    "payment_intent": ("pi_", 24),
    "payment_method": ("pm_", 24),
    "payment": ("py_", 24),
    "price": ("price_", 24),
    "product": ("prod_", 14),
    "refund": ("re_", 24),
    "request": ("req_", 14),
    "transfer": ("tr_", 24),
    "transfer_reversal": ("trr_", 24),
}

# URL collections of GET /v1/<collection>/<id>, by the object type they hold.
COLLECTIONS = {
    "accounts": "account",
    "checkout/sessions": "checkout.session",
    "payment_intents": "payment_intent",
    "charges": "charge",
    "refunds": "refund",
    "events": "event",
    "disputes": "dispute",
    "transfers": "transfer",
    "application_fees": "application_fee",
}

MIN_SESSION_LIFETIME = 30 * 60  # Stripe: expires_at is 30 minutes to 24 hours after creation
MAX_SESSION_LIFETIME = 24 * 60 * 60
ACCOUNT_LINK_LIFETIME = 300
MINIMUM_CHARGE = {"eur": 50, "usd": 50, "gbp": 30, "chf": 50}
URL_PATTERN = re.compile(r"^https?://[^\s/]+\S*$")


def random_id(kind: str) -> str:
    prefix, length = ID_FORMATS[kind]
    return prefix + "".join(secrets.choice(ALPHABET) for _ in range(length or 32))


def money(amount: int, currency: str) -> str:
    symbol = {"eur": "€", "usd": "$", "gbp": "£"}.get(currency, "")
    return f"{symbol}{amount / 100:.2f}" if symbol else f"{amount / 100:.2f} {currency.upper()}"


def empty_list(url: str) -> dict:
    return {"object": "list", "data": [], "has_more": False, "total_count": 0, "url": url}


def default_api_version() -> str:
    """The API version of the installed SDK (what it sends as Stripe-Version), for the events."""
    try:
        from stripe._api_version import _ApiVersion
    except ImportError:  # the stand-in itself does not need the SDK
        return "2025-01-27.acacia"
    return _ApiVersion.CURRENT


@dataclass
class Context:
    """The API request being served (None for simulated customer actions)."""

    request_id: str
    api_key: str
    idempotency_key: str | None = None
    stripe_account: str | None = None


def empty_state() -> dict:
    return {
        "objects": {},  # id → Stripe object, in creation order
        "private": {},  # id → what the stand-in keeps beside an object (line items, link targets)
        "idempotency": {},  # "<api key> <account> <key>" → the first request and its answer
        "deliveries": [],  # webhook delivery attempts
    }


class Backend:
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

    # --- Connect: accounts, account links, login links ------------------------------------------

    def create_account(self, params):
        params = check(params, schemas.ACCOUNT_CREATE)
        account_type = params.get("type")
        controller = params.get("controller")
        if not account_type and not controller:
            raise missing("type")
        if account_type and account_type != "express":
            raise invalid("type", "The local Stripe stand-in creates Express accounts only (type=express).")
        requested = [
            name for name, options in params.get("capabilities", {}).items() if options.get("requested")
        ]
        if not requested:
            raise StripeError(
                "Express accounts must request capabilities: pass capabilities[transfers][requested]=true "
                "(and capabilities[card_payments][requested]=true).",
                param="capabilities",
            )
        country = params.get("country", "FR").upper()
        due = [
            "business_profile.url",
            "external_account",
            "individual.dob.day",
            "individual.first_name",
            "individual.last_name",
            "tos_acceptance.date",
        ]
        profile = {
            "mcc": None,
            "name": None,
            "product_description": None,
            "support_email": None,
            "support_phone": None,
            "url": None,
            **params.get("business_profile", {}),
        }
        account = self.new(
            "account",
            business_profile=profile,
            business_type=params.get("business_type"),
            capabilities=dict.fromkeys(sorted(requested), "inactive"),
            charges_enabled=False,
            controller={
                "fees": {"payer": "application"},
                "is_controller": True,
                "losses": {"payments": "application"},
                "requirement_collection": "stripe",
                "stripe_dashboard": {"type": "express"},
                "type": "application",
            },
            country=country,
            default_currency=params.get("default_currency", "eur" if country != "US" else "usd"),
            details_submitted=False,
            email=params.get("email"),
            external_accounts=None,
            future_requirements=self._requirements([]),
            metadata=params.get("metadata", {}),
            payouts_enabled=False,
            requirements=self._requirements(due),
            settings={
                "payouts": {
                    "debit_negative_balances": True,
                    "schedule": {"delay_days": 7, "interval": "daily"},
                    "statement_descriptor": None,
                },
            },
            tos_acceptance={"date": None},
            type="express",
        )
        account["external_accounts"] = empty_list(f"/v1/accounts/{account['id']}/external_accounts")
        return self.render(account, params.get("expand"))

    @staticmethod
    def _requirements(due: list[str]) -> dict:
        return {
            "alternatives": [],
            "current_deadline": None,
            "currently_due": list(due),
            "disabled_reason": "requirements.past_due" if due else None,
            "errors": [],
            "eventually_due": list(due),
            "past_due": list(due),
            "pending_verification": [],
        }

    def retrieve_account(self, params, *, id):
        params = check(params, schemas.RETRIEVE)
        return self.render(self.get(id, "account"), params.get("expand"))

    def list_accounts(self, params):
        params = check(params, schemas.ACCOUNT_LIST)
        return self.paginate(self.of_kind("account"), "/v1/accounts", params)

    def update_account(self, params, *, id):
        params = check(params, schemas.ACCOUNT_UPDATE)
        account = self.get(id, "account")
        changes = {}
        if "metadata" in params:
            metadata = dict(account["metadata"])
            for key, value in params["metadata"].items():
                if value == "":
                    metadata.pop(key, None)
                else:
                    metadata[key] = value
            changes["metadata"] = metadata
        if "email" in params:
            changes["email"] = params["email"]
        if "business_profile" in params:
            changes["business_profile"] = {**account["business_profile"], **params["business_profile"]}
        self._change_account(account, changes)
        return self.render(account, params.get("expand"))

    def _change_account(self, account: dict, changes: dict):
        previous = {key: copy.deepcopy(account[key]) for key in changes if account[key] != changes[key]}
        account.update(changes)
        if previous:
            self.emit("account.updated", account, previous=previous, account=account["id"])

    def create_account_link(self, params):
        params = check(params, schemas.ACCOUNT_LINK_CREATE)
        for name in ("account", "type", "refresh_url", "return_url"):
            if name not in params:
                raise missing(name)
        for name in ("refresh_url", "return_url"):
            self._check_url(params, name)
        account = self.get(params["account"], "account", "account")
        if params["type"] == "account_update":
            raise invalid(
                "type", "You cannot create `account_update` type Account Links for Express accounts."
            )
        token = "".join(secrets.choice(ALPHABET) for _ in range(24))
        now = self.now()
        self.private[token] = {
            "kind": "account_link",
            "account": account["id"],
            "refresh_url": params["refresh_url"],
            "return_url": params["return_url"],
            "expires_at": now + ACCOUNT_LINK_LIFETIME,
            "used": False,
        }
        # Account links are not retrievable objects: nothing stored under an id.
        return {
            "object": "account_link",
            "created": now,
            "expires_at": now + ACCOUNT_LINK_LIFETIME,
            "url": f"{self.base_url}/setup/e/{account['id']}/{token}",
        }

    def create_login_link(self, params, *, id):
        check(params, schemas.LOGIN_LINK_CREATE)
        account = self.get(id, "account")
        if not account["details_submitted"]:
            raise StripeError(
                "Cannot create a login link for an account that has not completed onboarding.",
                param="account",
            )
        return {
            "object": "login_link",
            "created": self.now(),
            "url": f"{self.base_url}/express/{account['id']}",
        }

    def onboarding_link(self, token: str) -> dict | None:
        link = self.private.get(token)
        return link if link and link.get("kind") == "account_link" else None

    def complete_onboarding(self, account_id: str, *, charges_enabled=True, payouts_enabled=True) -> dict:
        """What a practitioner does on Stripe's onboarding pages: details submitted, and (unless
        told otherwise, e.g. to show "verification pending") charges and payouts enabled."""
        account = self.get(account_id, "account")
        active = charges_enabled and payouts_enabled
        due = [] if active else ["individual.verification.document"]
        external = empty_list(f"/v1/accounts/{account_id}/external_accounts")
        external["data"] = [
            {
                "id": random_id("bank_account"),
                "object": "bank_account",
                "account": account_id,
                "bank_name": "STRIPE TEST BANK",
                "country": account["country"],
                "currency": account["default_currency"],
                "default_for_currency": True,
                "last4": "3000",
                "status": "new",
            }
        ]
        external["total_count"] = 1
        requirements = self._requirements(due)
        requirements["disabled_reason"] = None if charges_enabled else "requirements.pending_verification"
        self._change_account(
            account,
            {
                "details_submitted": True,
                "charges_enabled": charges_enabled,
                "payouts_enabled": payouts_enabled,
                "capabilities": dict.fromkeys(
                    account["capabilities"], "active" if charges_enabled else "pending"
                ),
                "requirements": requirements,
                "external_accounts": external,
                "tos_acceptance": {"date": self.now()},
            },
        )
        return account

    def set_account(self, account_id: str, **changes) -> dict:
        """Any change Stripe could make later (e.g. charges_enabled=False after a failed check),
        with its `account.updated` event."""
        account = self.get(account_id, "account")
        unknown = set(changes) - set(account)
        if unknown:
            raise ValueError(f"not account fields: {sorted(unknown)}")
        self._change_account(account, changes)
        return account

    # --- Checkout Sessions ---------------------------------------------------------------------------

    def _check_url(self, params, name):
        if name in params and not URL_PATTERN.match(params[name]):
            raise invalid(name, "Not a valid URL", "url_invalid")

    def create_session(self, params):
        params = check(params, schemas.SESSION_CREATE)
        if "mode" not in params:
            raise missing("mode")
        if params["mode"] != "payment":
            raise invalid("mode", "The local Stripe stand-in supports mode=payment only.")
        if params.get("ui_mode", "hosted") != "hosted":
            raise invalid("ui_mode", "The local Stripe stand-in supports ui_mode=hosted only.")
        line_items, currency, total = self._line_items(params.get("line_items"))
        if total < MINIMUM_CHARGE.get(currency, 50):
            minimum = MINIMUM_CHARGE.get(currency, 50)
            raise StripeError(
                f"The Checkout Session's total amount due must add up to at least "
                f"{money(minimum, currency)} {currency}",
                param="line_items",
            )
        now = self.now()
        expires_at = params.get("expires_at", now + MAX_SESSION_LIFETIME)
        if not now + MIN_SESSION_LIFETIME <= expires_at <= now + MAX_SESSION_LIFETIME:
            raise invalid(
                "expires_at",
                "The `expires_at` timestamp must be between 30 minutes and 24 hours after the "
                f"Checkout Session is created (now: {now}, got: {expires_at}).",
            )
        for name in ("success_url", "cancel_url"):
            self._check_url(params, name)
        email = params.get("customer_email")
        if email is not None and not re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", email):
            raise invalid("customer_email", f"Invalid email address: {email}", "email_invalid")
        reference = params.get("client_reference_id")
        if reference is not None and len(reference) > 200:
            raise invalid("client_reference_id", "client_reference_id must be at most 200 characters.")
        intent_data = self._payment_intent_data(params.get("payment_intent_data", {}), total)
        session = self.new(
            "checkout.session",
            adaptive_pricing=None,
            after_expiration=None,
            allow_promotion_codes=params.get("allow_promotion_codes"),
            amount_subtotal=total,
            amount_total=total,
            automatic_tax={"enabled": False, "liability": None, "status": None},
            billing_address_collection=params.get("billing_address_collection"),
            cancel_url=params.get("cancel_url"),
            client_reference_id=reference,
            client_secret=None,
            consent=None,
            consent_collection=None,
            created=now,
            currency=currency,
            custom_fields=[],
            custom_text={"after_submit": None, "shipping_address": None, "submit": None},
            customer=params.get("customer"),
            customer_creation=params.get("customer_creation", "if_required"),
            customer_details=None,
            customer_email=email,
            expires_at=expires_at,
            invoice=None,
            invoice_creation=None,
            livemode=False,
            locale=params.get("locale"),
            metadata=params.get("metadata", {}),
            mode="payment",
            payment_intent=None,  # created when the customer pays (API 2022-08-01 and later)
            payment_link=None,
            payment_method_collection="if_required",
            payment_method_options={"card": {"request_three_d_secure": "automatic"}},
            payment_method_types=params.get("payment_method_types", ["card"]),
            payment_status="unpaid",
            phone_number_collection={"enabled": False},
            recovered_from=None,
            setup_intent=None,
            shipping_address_collection=None,
            shipping_cost=None,
            status="open",
            submit_type=params.get("submit_type"),
            subscription=None,
            success_url=params.get("success_url"),
            total_details={"amount_discount": 0, "amount_shipping": 0, "amount_tax": 0},
            ui_mode="hosted",
            url=None,
        )
        session["url"] = f"{self.base_url}/c/pay/{session['id']}"
        self.private[session["id"]] = {"line_items": line_items, "payment_intent_data": intent_data}
        return self.render(session, params.get("expand"))

    def _line_items(self, items):
        if not items:
            raise missing("line_items")
        currency, total, rendered = None, 0, []
        for index, item in enumerate(items):
            name = f"line_items[{index}]"
            if "price" in item:
                raise invalid(f"{name}[price]", "The local Stripe stand-in supports price_data only.")
            price_data = item.get("price_data")
            if not price_data:
                raise missing(f"{name}[price_data]")
            quantity = item.get("quantity")
            if quantity is None:
                raise missing(f"{name}[quantity]")
            if quantity < 1:
                raise invalid(f"{name}[quantity]", "Quantity must be greater than or equal to 1.")
            item_currency = price_data.get("currency")
            if not item_currency:
                raise missing(f"{name}[price_data][currency]")
            item_currency = item_currency.lower()
            if not re.fullmatch(r"[a-z]{3}", item_currency):
                raise invalid(f"{name}[price_data][currency]", f"Invalid currency: {item_currency}")
            if currency and item_currency != currency:
                raise invalid(f"{name}[price_data][currency]", "All line items must use the same currency.")
            currency = item_currency
            unit_amount = price_data.get("unit_amount")
            if unit_amount is None:
                raise missing(f"{name}[price_data][unit_amount]")
            if unit_amount < 0:
                raise invalid(f"{name}[price_data][unit_amount]", "unit_amount must be non-negative.")
            product = price_data.get("product_data")
            if not product or not product.get("name"):
                raise missing(f"{name}[price_data][product_data][name]")
            amount = unit_amount * quantity
            total += amount
            rendered.append(
                {
                    "id": random_id("line_item"),
                    "object": "item",
                    "amount_discount": 0,
                    "amount_subtotal": amount,
                    "amount_tax": 0,
                    "amount_total": amount,
                    "currency": currency,
                    "description": product["name"],
                    "price": {
                        "id": random_id("price"),
                        "object": "price",
                        "active": False,
                        "billing_scheme": "per_unit",
                        "created": self.now(),
                        "currency": currency,
                        "livemode": False,
                        "lookup_key": None,
                        "metadata": {},
                        "nickname": None,
                        "product": random_id("product"),
                        "recurring": None,
                        "tax_behavior": price_data.get("tax_behavior", "unspecified"),
                        "type": "one_time",
                        "unit_amount": unit_amount,
                        "unit_amount_decimal": str(unit_amount),
                    },
                    "quantity": quantity,
                    # Kept for the hosted page; Stripe shows the product's description there too.
                    "product_description": product.get("description"),
                }
            )
        return rendered, currency, total

    def _payment_intent_data(self, data: dict, total: int) -> dict:
        prefix = "payment_intent_data"
        fee = data.get("application_fee_amount")
        transfer = data.get("transfer_data", {})
        destination = transfer.get("destination")
        if "transfer_data" in data and not destination:
            raise missing(f"{prefix}[transfer_data][destination]")
        if data.get("capture_method") == "manual":
            raise invalid(
                f"{prefix}[capture_method]", "The local Stripe stand-in captures automatically only."
            )
        if fee is not None:
            if not destination and not data.get("on_behalf_of"):
                raise invalid(
                    f"{prefix}[application_fee_amount]",
                    "Can only apply an application_fee_amount when the PaymentIntent is attempting a "
                    "direct payment (using an OAuth key or Stripe-Account header) or destination payment "
                    "(using `transfer_data[destination]`).",
                )
            if fee < 0 or fee > total:
                raise invalid(
                    f"{prefix}[application_fee_amount]",
                    "The application fee amount must be between 0 and the amount of the payment.",
                )
            if "amount" in transfer:
                raise invalid(
                    f"{prefix}[application_fee_amount]",
                    "You cannot specify both application_fee_amount and transfer_data[amount].",
                )
        if destination:
            param = f"{prefix}[transfer_data][destination]"
            account = self.objects.get(destination)
            if not account or account.get("object") != "account":
                raise StripeError(
                    f"No such destination: '{destination}'", code="resource_missing", param=param
                )
            if account["capabilities"].get("transfers") != "active":
                raise StripeError(
                    "Your destination account needs to have at least one of the following capabilities "
                    "enabled: transfers, crypto_transfers, legacy_payments",
                    code="insufficient_capabilities_for_transfer",
                    param=param,
                )
        return data

    def retrieve_session(self, params, *, id):
        params = check(params, schemas.RETRIEVE)
        return self.render(self.get(id, "checkout.session"), params.get("expand"))

    def list_sessions(self, params):
        params = check(params, schemas.SESSION_LIST)
        sessions = self.of_kind("checkout.session")
        for field in ("payment_intent", "status", "customer", "payment_link"):
            if field in params:
                sessions = [session for session in sessions if session.get(field) == params[field]]
        return self.paginate(sessions, "/v1/checkout/sessions", params)

    def _line_items_list(self, session_id, params):
        items = [
            {key: value for key, value in item.items() if key != "product_description"}
            for item in self.private[session_id]["line_items"]
        ]
        return self.paginate(list(reversed(items)), f"/v1/checkout/sessions/{session_id}/line_items", params)

    def session_line_items(self, params, *, id):
        params = check(params, schemas.LIST)
        self.get(id, "checkout.session")
        return self._line_items_list(id, params)

    def expire_session_api(self, params, *, id):
        params = check(params, schemas.SESSION_EXPIRE)
        session = self.get(id, "checkout.session")
        if session["status"] != "open":
            raise StripeError(
                f'Only Checkout Sessions with a status in ["open"] can be expired. This session '
                f'has status "{session["status"]}".',
                param="session",
            )
        self.expire_session(id)
        return self.render(session, params.get("expand"))

    def expire_session(self, session_id: str) -> dict:
        """The session ends unpaid (as at its expires_at): `checkout.session.expired`."""
        session = self.get(session_id, "checkout.session")
        if session["status"] != "open":
            raise ValueError(f"{session_id} is {session['status']}, not open")
        session.update(status="expired", url=None)
        intent = self.objects.get(session["payment_intent"] or "")
        if intent and intent["status"] != "succeeded":
            intent.update(status="canceled", canceled_at=self.now(), cancellation_reason="abandoned")
            self.emit("payment_intent.canceled", intent)
        self.emit("checkout.session.expired", session)
        return session

    def expire_due(self):
        """Open sessions past their expires_at expire, as Stripe does on its own."""
        now = self.now()
        for session in self.of_kind("checkout.session"):
            if session["status"] == "open" and session["expires_at"] <= now:
                self.expire_session(session["id"])

    # --- The customer on the hosted page: pay, or fail to ---------------------------------------------

    def _intent_for(self, session: dict) -> dict:
        if session["payment_intent"]:
            return self.objects[session["payment_intent"]]
        data = self.private[session["id"]]["payment_intent_data"]
        transfer = data.get("transfer_data")
        intent = self.new(
            "payment_intent",
            amount=session["amount_total"],
            amount_capturable=0,
            amount_details={"tip": {}},
            amount_received=0,
            application=None,
            application_fee_amount=data.get("application_fee_amount"),
            automatic_payment_methods=None,
            canceled_at=None,
            cancellation_reason=None,
            capture_method=data.get("capture_method", "automatic_async"),
            client_secret=None,
            confirmation_method="automatic",
            currency=session["currency"],
            customer=session["customer"],
            description=data.get("description"),
            last_payment_error=None,
            latest_charge=None,
            metadata=data.get("metadata", {}),  # payment_intent_data[metadata], not the session's
            next_action=None,
            on_behalf_of=data.get("on_behalf_of"),
            payment_method=None,
            payment_method_configuration_details=None,
            payment_method_options={"card": {"request_three_d_secure": "automatic"}},
            payment_method_types=["card"],
            processing=None,
            receipt_email=data.get("receipt_email"),
            review=None,
            setup_future_usage=data.get("setup_future_usage"),
            shipping=None,
            statement_descriptor=data.get("statement_descriptor"),
            statement_descriptor_suffix=data.get("statement_descriptor_suffix"),
            status="requires_payment_method",
            transfer_data=dict(transfer) if transfer else None,
            transfer_group=data.get("transfer_group"),
        )  # fmt: skip
        intent["client_secret"] = f"{intent['id']}_secret_{random_id('request')[4:]}"
        if transfer and not intent["transfer_group"]:
            intent["transfer_group"] = f"group_{intent['id']}"
        session["payment_intent"] = intent["id"]
        return intent

    def _charge(self, session, intent, *, succeeded: bool, decline: dict | None = None) -> dict:
        email = session["customer_email"] or "client.test@example.com"
        payment_method = random_id("payment_method")
        return self.new(
            "charge",
            amount=intent["amount"],
            amount_captured=intent["amount"] if succeeded else 0,
            amount_refunded=0,
            application=None,
            application_fee=None,
            application_fee_amount=intent["application_fee_amount"] if succeeded else None,
            balance_transaction=random_id("balance_transaction") if succeeded else None,
            billing_details={
                "address": dict.fromkeys(("city", "country", "line1", "line2", "postal_code", "state")),
                "email": email,
                "name": None,
                "phone": None,
            },
            calculated_statement_descriptor="STRIPE STAND-IN",
            captured=succeeded,
            currency=intent["currency"],
            customer=intent["customer"],
            description=intent["description"],
            disputed=False,
            failure_balance_transaction=None,
            failure_code=None if succeeded else decline["code"],
            failure_message=None if succeeded else decline["message"],
            fraud_details={},
            metadata=dict(intent["metadata"]),
            on_behalf_of=intent["on_behalf_of"],
            outcome=(
                {"network_status": "approved_by_network", "reason": None, "risk_level": "normal",
                 "risk_score": 20, "seller_message": "Payment complete.", "type": "authorized"}
                if succeeded
                else {"network_status": "declined_by_network", "reason": decline["decline_code"],
                      "risk_level": "normal", "risk_score": 20,
                      "seller_message": "The bank did not return any further details with this decline.",
                      "type": "issuer_declined"}
            ),
            paid=succeeded,
            payment_intent=intent["id"],
            payment_method=payment_method,
            payment_method_details={
                "card": {"brand": "visa", "country": "FR", "exp_month": 12,
                         "exp_year": time.gmtime(self.clock()).tm_year + 3, "funding": "credit",
                         "last4": "4242" if succeeded else "0002", "network": "visa"},
                "type": "card",
            },
            receipt_email=intent["receipt_email"],
            receipt_number=None,
            receipt_url=None,
            refunded=False,
            review=None,
            shipping=None,
            source_transfer=None,
            statement_descriptor=intent["statement_descriptor"],
            statement_descriptor_suffix=intent["statement_descriptor_suffix"],
            status="succeeded" if succeeded else "failed",
            transfer=None,
            transfer_data=(
                {"amount": None, **intent["transfer_data"]} if intent["transfer_data"] else None
            ),
            transfer_group=intent["transfer_group"],
        )  # fmt: skip

    def pay(self, session_id: str) -> dict:
        """The customer pays on the hosted page: charge, payment intent succeeded, session
        complete and paid; events charge.succeeded, payment_intent.succeeded,
        checkout.session.completed (in that order, as Stripe usually sends them)."""
        session = self.get(session_id, "checkout.session")
        if session["status"] != "open":
            raise ValueError(f"{session_id} is {session['status']}, not open")
        intent = self._intent_for(session)
        charge = self._charge(session, intent, succeeded=True)
        charge["receipt_url"] = f"{self.base_url}/receipts/{charge['id']}"
        if intent["transfer_data"]:
            destination = intent["transfer_data"]["destination"]
            # Destination charge: the amount (or transfer_data[amount]) goes to the connected
            # account, and the application fee comes back to the platform.
            transfer = self.new(
                "transfer",
                amount=intent["transfer_data"].get("amount", intent["amount"]),
                amount_reversed=0,
                balance_transaction=random_id("balance_transaction"),
                currency=intent["currency"],
                description=None,
                destination=destination,
                destination_payment=random_id("payment"),
                metadata={},
                reversals=None,
                reversed=False,
                source_transaction=charge["id"],
                source_type="card",
                transfer_group=intent["transfer_group"],
            )
            transfer["reversals"] = empty_list(f"/v1/transfers/{transfer['id']}/reversals")
            charge["transfer"] = transfer["id"]
            if intent["application_fee_amount"] is not None:
                fee = self.new(
                    "application_fee",
                    account=destination,
                    amount=intent["application_fee_amount"],
                    amount_refunded=0,
                    application="ca_standin",
                    balance_transaction=random_id("balance_transaction"),
                    charge=charge["id"],
                    currency=intent["currency"],
                    originating_transaction=None,
                    refunded=False,
                    refunds=None,
                )
                fee["refunds"] = empty_list(f"/v1/application_fees/{fee['id']}/refunds")
                charge["application_fee"] = fee["id"]
        intent.update(
            status="succeeded",
            amount_received=intent["amount"],
            latest_charge=charge["id"],
            payment_method=charge["payment_method"],
            last_payment_error=None,
        )
        session.update(
            status="complete",
            payment_status="paid",
            url=None,
            customer_details={
                "address": dict.fromkeys(("city", "country", "line1", "line2", "postal_code", "state")),
                "email": charge["billing_details"]["email"],
                "name": None,
                "phone": None,
                "tax_exempt": "none",
                "tax_ids": [],
            },
        )
        self.emit("charge.succeeded", charge)
        self.emit("payment_intent.succeeded", intent)
        self.emit("checkout.session.completed", session)
        return session

    def fail_payment(self, session_id: str, *, code="card_declined", decline_code="generic_decline") -> dict:
        """A declined card: a failed charge, the payment intent back to requires_payment_method
        with last_payment_error; charge.failed and payment_intent.payment_failed. The session stays
        open (the customer may try again, or let it expire)."""
        session = self.get(session_id, "checkout.session")
        if session["status"] != "open":
            raise ValueError(f"{session_id} is {session['status']}, not open")
        messages = {
            "card_declined": "Your card was declined.",
            "expired_card": "Your card has expired.",
            "incorrect_cvc": "Your card's security code is incorrect.",
            "processing_error": "An error occurred while processing your card. Try again in a little bit.",
        }
        decline = {
            "code": code,
            "decline_code": decline_code,
            "message": messages.get(code, "Your card was declined."),
        }
        intent = self._intent_for(session)
        charge = self._charge(session, intent, succeeded=False, decline=decline)
        intent.update(
            status="requires_payment_method",
            latest_charge=charge["id"],
            last_payment_error={
                "charge": charge["id"],
                "code": code,
                "decline_code": decline_code,
                "doc_url": f"https://docs.stripe.com/error-codes/{code.replace('_', '-')}",
                "message": decline["message"],
                "payment_method": {
                    "id": charge["payment_method"],
                    "object": "payment_method",
                    "type": "card",
                },
                "type": "card_error",
            },
        )
        self.emit("charge.failed", charge)
        self.emit("payment_intent.payment_failed", intent)
        return intent

    def retrieve_payment_intent(self, params, *, id):
        params = check(params, schemas.PAYMENT_INTENT_RETRIEVE)
        return self.render(self.get(id, "payment_intent"), params.get("expand"))

    # --- Refunds and disputes ---------------------------------------------------------------------

    def create_refund(self, params):
        params = check(params, schemas.REFUND_CREATE)
        charge = self._refundable_charge(params)
        remaining = charge["amount"] - charge["amount_refunded"]
        if remaining <= 0:
            raise StripeError(
                f"Charge {charge['id']} has already been refunded.", code="charge_already_refunded"
            )
        amount = params.get("amount", remaining)
        if amount <= 0:
            raise invalid("amount", "Invalid positive integer", "parameter_invalid_integer")
        if amount > remaining:
            raise StripeError(
                f"Refund amount ({money(amount, charge['currency'])}) is greater than unrefunded amount "
                f"on charge ({money(remaining, charge['currency'])})",
                code="amount_too_large",
                param="amount",
            )
        refund = self.new(
            "refund",
            amount=amount,
            balance_transaction=random_id("balance_transaction"),
            charge=charge["id"],
            currency=charge["currency"],
            destination_details={
                "card": {"reference": None, "reference_status": "pending",
                         "reference_type": "acquirer_reference_number", "type": "refund"},
                "type": "card",
            },
            metadata=params.get("metadata", {}),
            payment_intent=charge["payment_intent"],
            reason=params.get("reason"),
            receipt_number=None,
            source_transfer_reversal=None,
            status="succeeded",
            transfer_reversal=None,
        )  # fmt: skip
        if params.get("reverse_transfer"):
            transfer = self.objects[charge["transfer"]]
            reversed_amount = min(
                round(transfer["amount"] * amount / charge["amount"]),
                transfer["amount"] - transfer["amount_reversed"],
            )
            reversal = {
                "id": random_id("transfer_reversal"),
                "object": "transfer_reversal",
                "amount": reversed_amount,
                "balance_transaction": random_id("balance_transaction"),
                "created": self.now(),
                "currency": transfer["currency"],
                "destination_payment_refund": random_id("refund").replace("re_", "pyr_"),
                "metadata": {},
                "source_refund": refund["id"],
                "transfer": transfer["id"],
            }
            transfer["amount_reversed"] += reversed_amount
            transfer["reversed"] = transfer["amount_reversed"] >= transfer["amount"]
            transfer["reversals"]["data"].insert(0, reversal)
            transfer["reversals"]["total_count"] += 1
            refund["transfer_reversal"] = reversal["id"]
        if params.get("refund_application_fee") and charge["application_fee"]:
            fee = self.objects[charge["application_fee"]]
            fee_refund_amount = min(
                round(fee["amount"] * amount / charge["amount"]), fee["amount"] - fee["amount_refunded"]
            )
            fee["amount_refunded"] += fee_refund_amount
            fee["refunded"] = fee["amount_refunded"] >= fee["amount"]
            fee["refunds"]["data"].insert(
                0,
                {
                    "id": random_id("fee_refund"),
                    "object": "fee_refund",
                    "amount": fee_refund_amount,
                    "balance_transaction": random_id("balance_transaction"),
                    "created": self.now(),
                    "currency": fee["currency"],
                    "fee": fee["id"],
                    "metadata": {},
                },
            )
            fee["refunds"]["total_count"] += 1
        charge["amount_refunded"] += amount
        charge["refunded"] = charge["amount_refunded"] >= charge["amount"]
        self.emit("refund.created", refund)
        self.emit("charge.refunded", charge)
        return self.render(refund, params.get("expand"))

    def _refundable_charge(self, params) -> dict:
        if "charge" not in params and "payment_intent" not in params:
            raise StripeError(
                "One of the following params should be provided for this request: payment_intent or charge."
            )
        if "payment_intent" in params:
            intent = self.get(params["payment_intent"], "payment_intent", "payment_intent")
            if intent["status"] != "succeeded":
                raise StripeError(
                    f"This PaymentIntent ({intent['id']}) does not have a successful charge to refund.",
                    param="payment_intent",
                )
            charge = self.objects[intent["latest_charge"]]
            if params.get("charge", charge["id"]) != charge["id"]:
                raise invalid("charge", "The charge does not belong to this PaymentIntent.")
        else:
            charge = self.get(params["charge"], "charge", "charge")
        if charge["status"] != "succeeded":
            raise StripeError(
                f"Charge {charge['id']} has not succeeded: it cannot be refunded.", param="charge"
            )
        if params.get("reverse_transfer") and not charge["transfer"]:
            raise invalid(
                "reverse_transfer",
                "You can only reverse the transfer of a charge that has a transfer (destination charges).",
            )
        return charge

    def list_refunds(self, params):
        params = check(params, schemas.REFUND_LIST)
        refunds = self.of_kind("refund")
        for field in ("charge", "payment_intent"):
            if field in params:
                refunds = [refund for refund in refunds if refund[field] == params[field]]
        return self.paginate(refunds, "/v1/refunds", params)

    def fail_refund(self, refund_id: str, *, reason="expired_or_canceled_card") -> dict:
        """A refund that succeeded at first fails later, as card refunds can: the money is back
        on the platform, `refund.failed` and `charge.refund.updated`."""
        refund = self.get(refund_id, "refund")
        if refund["status"] == "failed":
            raise ValueError(f"{refund_id} has already failed")
        charge = self.objects[refund["charge"]]
        refund.update(
            status="failed",
            failure_reason=reason,
            failure_balance_transaction=random_id("balance_transaction"),
        )
        charge["amount_refunded"] -= refund["amount"]
        charge["refunded"] = False
        self.emit("refund.failed", refund)
        self.emit("charge.refund.updated", refund)
        return refund

    def dispute(self, charge_or_intent_id: str, *, reason="fraudulent") -> dict:
        """The cardholder disputes the payment: `charge.dispute.created`."""
        if charge_or_intent_id.startswith("pi_"):
            intent = self.get(charge_or_intent_id, "payment_intent")
            charge_or_intent_id = intent["latest_charge"]
        charge = self.get(charge_or_intent_id, "charge")
        dispute = self.new(
            "dispute",
            amount=charge["amount"] - charge["amount_refunded"],
            balance_transactions=[],
            charge=charge["id"],
            currency=charge["currency"],
            evidence={},
            evidence_details={"due_by": self.now() + 7 * 86400, "has_evidence": False,
                              "past_due": False, "submission_count": 0},
            is_charge_refundable=False,
            metadata={},
            payment_intent=charge["payment_intent"],
            reason=reason,
            status="needs_response",
        )  # fmt: skip
        charge["disputed"] = True
        self.emit("charge.dispute.created", dispute)
        return dispute

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
