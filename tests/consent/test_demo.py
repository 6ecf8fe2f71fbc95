from cookie_consent.models import Cookie, CookieGroup

from consent import demo
from consent.models import CookieGroupText, CookieText, GatedCodeSettings


def test_demo_content_creates_the_three_groups_with_real_cookies_once(demo_content):
    from django.core.management import call_command

    call_command("load_demo_content", verbosity=0)

    assert list(CookieGroup.objects.order_by("ordering").values_list("varname", "is_required")) == [
        ("essentiels", True),
        ("mesure_audience", False),
        ("chat_assistance", False),
    ]
    names = set(Cookie.objects.values_list("name", flat=True))
    assert {"sessionid", "csrftoken", "cookie_consent", "psy_visit", "psy_chat"} <= names
    assert Cookie.objects.count() == CookieText.objects.count()
    assert CookieGroupText.objects.count() == 3
    assert all(t.lifetime_fr and t.lifetime_en for t in CookieText.objects.all())
    code = GatedCodeSettings.objects.get()
    assert code.audience_group.varname == "mesure_audience"
    assert code.chat_group.varname == "chat_assistance"


def test_demo_keeps_editor_changes(demo_content):
    group = CookieGroup.objects.get(varname="mesure_audience")
    group.name = "Statistiques"
    group.save()
    GatedCodeSettings.objects.update(audience_code="/* vrai code */")

    demo.ensure_groups()
    demo.ensure_gated_code()

    assert CookieGroup.objects.get(varname="mesure_audience").name == "Statistiques"
    assert GatedCodeSettings.objects.get().audience_code == "/* vrai code */"
