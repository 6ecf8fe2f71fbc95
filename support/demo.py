"""Demo support chat: the "Support" group (the demo editor in it, allowed to answer), opening hours
every day round the clock so the chat can be tried at any time, two canned answers and one
conversation of a signed-in demo person. Idempotent: what exists is left as it is."""

from datetime import time, timedelta

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.utils import timezone

from home.demo import EDITOR_EMAIL
from home.demo_support import grant

from .models import CannedAnswer, Conversation, Message, SupportSettings

SUPPORT_GROUP = "Support"
CANNED = [
    (
        "Bonjour",
        "fr",
        "Bonjour, je suis là pour vous aider à utiliser le site. Quelle est votre question ?",
    ),
    (
        "Urgence",
        "fr",
        "Ce chat ne peut pas répondre à une urgence. Appelez le 15 ou le 112 ; si vous avez des idées "
        "suicidaires, le 3114 répond jour et nuit, gratuitement.",
    ),
]


def load(*, stdout, options):
    group = grant(SUPPORT_GROUP, [(Conversation, "answer_conversation"), (CannedAnswer, "view_cannedanswer")])
    group.permissions.add(
        Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
    )
    for action in ("add", "change", "delete"):
        grant(SUPPORT_GROUP, [(CannedAnswer, f"{action}_cannedanswer")])
    User = get_user_model()
    editor = User.objects.filter(email=EDITOR_EMAIL).first()
    if editor is not None:
        editor.groups.add(group)

    if not SupportSettings.objects.exists():  # first load only: an editor's hours are kept
        hours = SupportSettings.load()
        for day in SupportSettings.DAYS:
            setattr(hours, day, True)
        hours.opens_at = hours.closes_at = time(0, 0)
        hours.save()

    for title, language, text in CANNED:
        CannedAnswer.objects.get_or_create(title=title, language=language, defaults={"text": text})

    person = (
        User.objects.filter(is_staff=False, is_superuser=False)
        .exclude(email=EDITOR_EMAIL)
        .order_by("pk")
        .first()
    )
    if person is not None and not Conversation.objects.filter(user=person).exists():
        started = timezone.now() - timedelta(minutes=20)
        conversation = Conversation.objects.create(
            user=person, language="fr", created_at=started, last_message_at=started + timedelta(minutes=2)
        )
        Message.objects.create(
            conversation=conversation,
            author_kind=Message.AuthorKind.VISITOR,
            text="Bonjour, je ne trouve pas où télécharger ma facture.",
            created_at=started,
        )
        Message.objects.create(
            conversation=conversation,
            author_kind=Message.AuthorKind.AGENT,
            agent=editor,
            text="Bonjour ! Elle est dans « Mon compte », rubrique « Mes rendez-vous », "
            "à côté du rendez-vous.",
            created_at=started + timedelta(minutes=2),
        )
    if options.get("verbosity", 1) > 0:
        stdout.write("Chat d’assistance : groupe Support, horaires 24 h/24, réponses types.")
    return []
