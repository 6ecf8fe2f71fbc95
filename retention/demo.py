"""Demo permissions: editors read the retention rules, the DPO changes them and reads the reports
of the runs (Données personnelles > Conservation : exécutions)."""

from home.demo_support import DPO_GROUP, EDITORS_GROUP, grant

from .models import RetentionRun, RetentionSettings


def load(*, stdout, options):
    grant(EDITORS_GROUP, [(RetentionSettings, "view_retentionsettings")])
    grant(
        DPO_GROUP,
        [
            (RetentionSettings, "view_retentionsettings"),
            (RetentionSettings, "change_retentionsettings"),
            (RetentionRun, "view_retentionrun"),
        ],
    )
    return []
