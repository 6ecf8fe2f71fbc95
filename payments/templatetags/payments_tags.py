from django import template

register = template.Library()

_BADGES = {
    "paid": "success",
    "refunded": "neutral",
    "partially_refunded": "neutral",
    "pending": "warning",
    "failed": "warning",
    "refund_failed": "warning",
    "disputed": "warning",
    "expired": "neutral",
}


@register.filter
def money(cents) -> str:
    """6000 → « 60,00 € » (a receipt shows the cents; French formatting in both languages)."""
    if cents is None:
        return ""
    cents = int(cents)
    sign = "-" if cents < 0 else ""
    whole, rest = divmod(abs(cents), 100)
    grouped = f"{whole:,}".replace(",", "\u202f")  # thousands: a narrow no-break space
    return f"{sign}{grouped},{rest:02d}\u00a0€"


@register.filter
def payment_badge(status) -> str:
    return _BADGES.get(str(status), "neutral")
