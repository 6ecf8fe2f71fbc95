from io import BytesIO

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse, translate_url
from django.utils import translation
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from .forms import ProfileForm
from .models import User
from .selectors import profile_photo_for
from .services import update_profile
from .validators import PROFILE_PHOTO_FORMATS, detect_image_format


@login_required
@require_http_methods(["GET", "POST"])
def profile(request):
    user = request.user
    if request.method == "POST":
        # The form works on its own copy: invalid input must not leak into "your data".
        form = ProfileForm(request.POST, request.FILES, instance=User.objects.get(pk=user.pk))
        if form.is_valid():
            user = update_profile(
                user=form.instance, data=form.cleaned_data, photo=form.cleaned_data.get("photo")
            )
            language = user.preferred_language
            translation.activate(language)
            messages.success(request, _("Vos informations ont été enregistrées."))
            # The URL prefix decides the language: go to the profile in the chosen one.
            response = redirect(translate_url(reverse("accounts:profile"), language))
            response.set_cookie(
                settings.LANGUAGE_COOKIE_NAME,
                language,
                max_age=settings.LANGUAGE_COOKIE_AGE,
                samesite=settings.LANGUAGE_COOKIE_SAMESITE or "Lax",
                secure=settings.LANGUAGE_COOKIE_SECURE,
                httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
            )
            return response
    else:
        form = ProfileForm(instance=User.objects.get(pk=user.pk))
    return render(request, "accounts/profile.html", {"form": form, "profile_user": user})


@login_required
@require_GET
def photo(request, pk: int):
    """Serve a profile photo from private storage to its owner only."""
    photo_file = profile_photo_for(viewer=request.user, owner_id=pk)
    if photo_file is None:
        raise Http404
    try:
        with photo_file.open("rb") as handle:
            content = handle.read()
    except (FileNotFoundError, OSError) as exc:
        raise Http404 from exc
    image_format = detect_image_format(BytesIO(content))
    if image_format not in PROFILE_PHOTO_FORMATS:
        raise Http404
    response = HttpResponse(content, content_type=PROFILE_PHOTO_FORMATS[image_format][0])
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Disposition"] = "inline"
    patch_cache_control(response, private=True, max_age=300)
    return response
