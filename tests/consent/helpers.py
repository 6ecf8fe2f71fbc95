from consent import cookie

CHOOSE = "/cookies/choix/"
OPTIONAL = ["mesure_audience", "chat_assistance"]


def consent_cookie(client):
    morsel = client.cookies.get(cookie.cookie_name())
    return cookie.decode(morsel.value) if morsel is not None else None


def choose(client, choice, groups=(), **extra):
    data = {"choice": choice, "groups": list(groups), "next": extra.pop("next", "/fr/")}
    return client.post(CHOOSE, data, **extra)
