from wagtail.users.views.users import UserViewSet as WagtailUserViewSet

from .admin_forms import WagtailUserCreationForm, WagtailUserEditForm


class UserViewSet(WagtailUserViewSet):
    """Wagtail's user admin for the e-mail login user, with the profile fields."""

    create_template_name = "accounts/wagtailusers/create.html"
    edit_template_name = "accounts/wagtailusers/edit.html"

    def get_form_class(self, for_update=False):
        return WagtailUserEditForm if for_update else WagtailUserCreationForm
