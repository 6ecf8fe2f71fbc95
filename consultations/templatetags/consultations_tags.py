from django import template

register = template.Library()


@register.filter
def days_left(seconds: int) -> int:
    return -(-int(seconds) // 86400)


@register.filter
def hours_left(seconds: int) -> int:
    return -(-int(seconds) // 3600)


@register.filter
def minutes_left(seconds: int) -> int:
    return max(1, -(-int(seconds) // 60))
