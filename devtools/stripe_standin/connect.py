"""Stripe Connect: Express accounts, account links (onboarding), login links."""

import copy
import secrets

from . import schemas
from .common import ALPHABET, check_url, empty_list, random_id
from .errors import StripeError, invalid, missing
from .params import check

ACCOUNT_LINK_LIFETIME = 300


class Connect:
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
            check_url(params, name)
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
