"""User forms for the two admin sites (Wagtail's /admin/users/ and Django's /django-admin/).

Imported lazily (from the viewset and admin modules): Wagtail's forms module needs the
app registry ready.
"""

from django.contrib.auth.forms import AdminUserCreationForm, UserChangeForm
from wagtail.users.forms import UserCreationForm as BaseWagtailUserCreationForm
from wagtail.users.forms import UserEditForm as BaseWagtailUserEditForm

from .models import User, normalize_email_address

# Profile fields an administrator may see and set, besides Wagtail's standard ones.
PROFILE_ADMIN_FIELDS = ("gender", "postal_code", "preferred_language", "role")


class NormalizedEmailMixin:
    """Lower-case the e-mail before uniqueness checks, so "Bob@x.fr" clashes with "bob@x.fr"."""

    def clean_email(self):
        return normalize_email_address(self.cleaned_data.get("email", ""))


class WagtailUserCreationForm(NormalizedEmailMixin, BaseWagtailUserCreationForm):
    class Meta(BaseWagtailUserCreationForm.Meta):
        fields = BaseWagtailUserCreationForm.Meta.fields | set(PROFILE_ADMIN_FIELDS)


class WagtailUserEditForm(NormalizedEmailMixin, BaseWagtailUserEditForm):
    class Meta(BaseWagtailUserEditForm.Meta):
        fields = BaseWagtailUserEditForm.Meta.fields | set(PROFILE_ADMIN_FIELDS)


class DjangoAdminUserCreationForm(NormalizedEmailMixin, AdminUserCreationForm):
    class Meta:
        model = User
        fields = ("email", "first_name", "last_name")


class DjangoAdminUserChangeForm(NormalizedEmailMixin, UserChangeForm):
    class Meta:
        model = User
        fields = "__all__"
