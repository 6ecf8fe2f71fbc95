"""The stand-in's HTML pages: hosted checkout, Connect onboarding, Express dashboard, receipt,
and an overview of everything it holds. Plain forms, no JavaScript; French unless the session's
locale is English (like Stripe's pages, which follow `locale`)."""

import datetime
from html import escape

TEXTS = {
    "fr": {
        "checkout_title": "Paiement",
        "standin_notice": "Stripe local de développement : aucun paiement réel, aucune carte demandée.",
        "amount": "Montant à payer",
        "email": "E-mail",
        "expires": "Cette page expire le",
        "pay": "Payer",
        "cancel": "Annuler",
        "decline": "Simuler un refus de carte",
        "declined": "Votre carte a été refusée. Essayez à nouveau.",
        "expired": "Cette session de paiement a expiré.",
        "back": "Retour au site",
        "paid": "Paiement effectué. Vous pouvez fermer cette page.",
        "cancelled": "Paiement annulé. Vous pouvez fermer cette page.",
        "quantity": "Quantité",
    },
    "en": {
        "checkout_title": "Payment",
        "standin_notice": "Local development Stripe: no real payment, no card asked for.",
        "amount": "Amount due",
        "email": "Email",
        "expires": "This page expires on",
        "pay": "Pay",
        "cancel": "Cancel",
        "decline": "Simulate a declined card",
        "declined": "Your card was declined. Try again.",
        "expired": "This checkout session has expired.",
        "back": "Back to the site",
        "paid": "Payment made. You may close this page.",
        "cancelled": "Payment cancelled. You may close this page.",
        "quantity": "Quantity",
    },
}

STYLE = """
body{font-family:system-ui,sans-serif;max-width:40rem;margin:2rem auto;padding:0 1rem;color:#1a1a1a}
main{line-height:1.5}
.notice{background:#fff4d6;border:1px solid #b8860b;padding:.5rem .75rem;border-radius:4px}
.alert{background:#fde2e1;border:1px solid #a4161a;padding:.5rem .75rem;border-radius:4px}
.amount{font-size:2rem;font-weight:700;margin:.25rem 0 1rem}
form{display:inline-block;margin:.5rem .5rem 0 0}
button{font-size:1rem;padding:.6rem 1.2rem;border-radius:4px;border:1px solid #333;cursor:pointer}
button.primary{background:#0a3d91;color:#fff;border-color:#0a3d91}
button:focus-visible,a:focus-visible{outline:3px solid #ff9e00;outline-offset:2px}
table{border-collapse:collapse;width:100%;font-size:.9rem;margin-bottom:1.5rem}
th,td{border-bottom:1px solid #ccc;padding:.25rem .4rem;text-align:left;vertical-align:top}
code{font-size:.85em}
"""


def language(locale: str | None) -> str:
    return "en" if (locale or "").startswith("en") else "fr"


def document(title: str, body: str, lang: str = "fr", wide: bool = False) -> str:
    width = "<style>body{max-width:80rem}</style>" if wide else ""
    return (
        f'<!doctype html><html lang="{lang}"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{escape(title)} · Stripe (local)</title><style>{STYLE}</style>{width}</head>"
        f"<body><main>{body}</main></body></html>"
    )


def euros(amount: int, currency: str, lang: str) -> str:
    value = f"{amount / 100:,.2f}"
    symbol = {"eur": "€", "usd": "$", "gbp": "£"}.get(currency, currency.upper())
    if lang == "fr":
        return value.replace(",", "\u202f").replace(".", ",") + f"\u00a0{symbol}"
    return f"{symbol}{value}"


def when(timestamp: int, lang: str) -> str:
    moment = datetime.datetime.fromtimestamp(timestamp, tz=datetime.UTC)
    return moment.strftime("%d/%m/%Y %H:%M UTC" if lang == "fr" else "%Y-%m-%d %H:%M UTC")


def button(action: str, label: str, primary: bool = False) -> str:
    css = ' class="primary"' if primary else ""
    return (
        f'<form method="post" action="{escape(action)}">'
        f'<button type="submit"{css}>{escape(label)}</button></form>'
    )


def checkout(session: dict, line_items: list[dict], intent: dict | None) -> str:
    lang = language(session.get("locale"))
    t = TEXTS[lang]
    rows = "".join(
        f"<tr><td>{escape(item['description'])}"
        + (
            f"<br><small>{escape(item['product_description'])}</small>"
            if item.get("product_description")
            else ""
        )
        + f"</td><td>{t['quantity']} : {item['quantity']}</td>"
        f"<td>{euros(item['amount_total'], item['currency'], lang)}</td></tr>"
        for item in line_items
    )
    error = ""
    if intent and intent.get("last_payment_error"):
        error = f'<p class="alert" role="alert">{escape(t["declined"])}</p>'
    base = f"/c/pay/{session['id']}"
    email = (
        f"<p>{t['email']} : {escape(session['customer_email'])}</p>" if session.get("customer_email") else ""
    )
    body = (
        f"<h1>{t['checkout_title']}</h1>"
        f'<p class="notice">{t["standin_notice"]}</p>{error}'
        f"<table>{rows}</table>"
        f'<p>{t["amount"]}</p><p class="amount" data-testid="amount">'
        f"{euros(session['amount_total'], session['currency'], lang)}</p>{email}"
        f"<p><small>{t['expires']} {when(session['expires_at'], lang)}</small></p>"
        + button(f"{base}/pay", t["pay"], primary=True)
        + button(f"{base}/cancel", t["cancel"])
        + button(f"{base}/fail", t["decline"])
    )
    return document(t["checkout_title"], body, lang)


def message(text: str, lang: str = "fr", link: str | None = None) -> str:
    t = TEXTS[lang]
    back = f'<p><a href="{escape(link)}">{t["back"]}</a></p>' if link else ""
    return document(t["checkout_title"], f"<h1>{escape(text)}</h1>{back}", lang)


def onboarding(account: dict, action: str) -> str:
    body = (
        "<h1>Inscription à Stripe Connect</h1>"
        f'<p class="notice">{TEXTS["fr"]["standin_notice"]}</p>'
        f"<p>Compte <code>{escape(account['id'])}</code>"
        + (f" — {escape(account['email'])}" if account.get("email") else "")
        + "</p><p>Sur Stripe, le praticien saisirait ici son identité et son IBAN.</p>"
        + button(f"{action}/complete", "Terminer l'inscription", primary=True)
        + button(f"{action}/pending", "Envoyer sans vérification d'identité")
        + button(f"{action}/leave", "Revenir plus tard")
    )
    return document("Inscription Stripe Connect", body)


def express_dashboard(account: dict) -> str:
    state = "activés" if account["payouts_enabled"] else "non activés"
    body = (
        "<h1>Tableau de bord Stripe Express</h1>"
        f'<p class="notice">{TEXTS["fr"]["standin_notice"]}</p>'
        f"<p>Compte <code>{escape(account['id'])}</code> : virements {state}.</p>"
    )
    return document("Tableau de bord Stripe Express", body)


def receipt(charge: dict) -> str:
    body = (
        "<h1>Reçu</h1>"
        f'<p class="notice">{TEXTS["fr"]["standin_notice"]}</p>'
        f"<p>{euros(charge['amount'], charge['currency'], 'fr')} — {when(charge['created'], 'fr')}</p>"
        f"<p>Remboursé : {euros(charge['amount_refunded'], charge['currency'], 'fr')}</p>"
    )
    return document("Reçu", body)


def _table(headers: list[str], rows: list[list[str]]) -> str:
    if not rows:
        return "<p>—</p>"
    head = "".join(f"<th scope='col'>{escape(h)}</th>" for h in headers)
    body = "".join("<tr>" + "".join(f"<td>{cell}</td>" for cell in row) + "</tr>" for row in rows)
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def overview(objects: dict, deliveries: list[dict], settings: dict) -> str:
    """Everything the stand-in holds, newest first, with the webhook deliveries."""

    def of(kind):
        return [obj for obj in reversed(objects.values()) if obj.get("object") == kind]

    def code(value):
        return f"<code>{escape(str(value))}</code>"

    accounts = [
        [code(a["id"]), escape(a.get("email") or ""), str(a["details_submitted"]), str(a["charges_enabled"]),
         str(a["payouts_enabled"])]
        for a in of("account")
    ]  # fmt: skip
    sessions = []
    for s in of("checkout.session"):
        actions = ""
        if s["status"] == "open":
            actions = f'<a href="/c/pay/{escape(s["id"])}">page</a> ' + button(
                f"/_standin/checkout/sessions/{s['id']}/expire", "Expirer"
            )
        sessions.append(
            [code(s["id"]), s["status"], s["payment_status"], euros(s["amount_total"], s["currency"], "fr"),
             escape(str(s["metadata"])), actions]
        )  # fmt: skip
    charges = [
        [code(c["id"]), code(c["payment_intent"]), c["status"], euros(c["amount"], c["currency"], "fr"),
         euros(c["amount_refunded"], c["currency"], "fr"),
         button(f"/_standin/charges/{c['id']}/dispute", "Litige")
         if c["status"] == "succeeded" and not c["disputed"] else ""]
        for c in of("charge")
    ]  # fmt: skip
    delivered: dict[str, list[dict]] = {}
    for attempt in deliveries:
        delivered.setdefault(attempt["event"], []).append(attempt)
    events = [
        [code(e["id"]), escape(e["type"]), code(e["data"]["object"].get("id")), when(e["created"], "fr"),
         escape(", ".join(str(a["status"] or a["error"]) for a in delivered.get(e["id"], [])) or "—"),
         button(f"/_standin/events/{e['id']}/redeliver", "Renvoyer")]
        for e in of("event")[:100]
    ]  # fmt: skip
    settings_rows = "".join(f"<li>{escape(k)} : {code(v)}</li>" for k, v in settings.items())
    body = (
        "<h1>Stripe local</h1>"
        f'<p class="notice">{TEXTS["fr"]["standin_notice"]}</p><ul>{settings_rows}</ul>'
        "<h2>Comptes Connect</h2>"
        + _table(["id", "e-mail", "details_submitted", "charges_enabled", "payouts_enabled"], accounts)
        + "<h2>Sessions de paiement</h2>"
        + _table(["id", "status", "payment_status", "montant", "metadata", ""], sessions)
        + "<h2>Paiements (charges)</h2>"
        + _table(["id", "payment_intent", "status", "montant", "remboursé", ""], charges)
        + "<h2>Événements (100 derniers)</h2>"
        + _table(["id", "type", "objet", "créé", "livraisons", ""], events)
    )
    return document("Stripe local", body, wide=True)
