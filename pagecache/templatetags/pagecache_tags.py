"""{% fragment "name" part... %}...{% endfragment %}: HTML that is the same for everyone who
shares its parts, rendered once per page generation, language and site (pagecache.fragments).

Only for markup with nothing personal or per-request inside (no CSRF token, no user, no
messages): what depends on such things is given as a part. A Wagtail preview renders it afresh
(the draft is not what the live page shows).
"""

from django import template
from django.utils import translation

from ..fragments import cached

register = template.Library()


class FragmentNode(template.Node):
    def __init__(self, name, parts, nodelist):
        self.name, self.parts, self.nodelist = name, parts, nodelist

    def render(self, context):
        request = context.get("request")
        if request is None or getattr(request, "is_preview", False):
            return self.nodelist.render(context)
        parts = [part.resolve(context) for part in self.parts]
        name = self.name.resolve(context)
        # Kept by this process only: rendering from what the page already loaded costs less than
        # a round trip to the shared cache for each fragment (twenty cards in the directory).
        return cached(
            request,
            f"html:{name}",
            lambda: self.nodelist.render(context),
            translation.get_language(),
            _site_key(request),
            *parts,
            shared=False,
        )


def _site_key(request):
    from wagtail.models import Site

    site = Site.find_for_request(request)
    return site.pk if site is not None else request.get_host()


@register.tag
def fragment(parser, token):
    bits = token.split_contents()
    if len(bits) < 2:
        raise template.TemplateSyntaxError("{% fragment %} needs a name")
    nodelist = parser.parse(("endfragment",))
    parser.delete_first_token()
    parts = [parser.compile_filter(bit) for bit in bits[2:]]
    return FragmentNode(parser.compile_filter(bits[1]), parts, nodelist)
