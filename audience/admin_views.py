"""The report in the Wagtail admin (menu "Audience"): views per day as server-rendered SVG bars,
top pages, referrers, devices, languages, the booking funnel, a date range, CSV of each table."""

import csv

from django import forms
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.template.response import TemplateResponse
from django.utils import formats
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from . import buffer, selectors

PERMISSION = "audience.view_audience"
TITLE = gettext_lazy("Audience")
MAX_DAYS = 800  # a little over the 25 months the counters are kept
CHART_WIDTH, CHART_HEIGHT = 720, 160


class PeriodForm(forms.Form):
    start = forms.DateField(label=gettext_lazy("Du"), widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(label=gettext_lazy("au"), widget=forms.DateInput(attrs={"type": "date"}))

    def clean(self):
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if start and end:
            if start > end:
                raise forms.ValidationError(_("La date de début doit précéder la date de fin."))
            if (end - start).days >= MAX_DAYS:
                raise forms.ValidationError(
                    _("Choisissez une période de %(days)s jours au plus.") % {"days": MAX_DAYS}
                )
        return data

    def period(self) -> selectors.Period:
        return selectors.Period(self.cleaned_data["start"], self.cleaned_data["end"])


def _tables(period):
    """(key, title, column headers, rows) of every table of the report; CSV exports the same."""
    funnel = selectors.funnel(period)
    return [
        ("jours", _("Pages vues par jour"), [_("Jour"), _("Pages vues")], selectors.views_per_day(period)),
        ("pages", _("Pages les plus vues"), [_("Page"), _("Pages vues")], selectors.top_pages(period)),
        ("origines", _("Sites d’origine"), [_("Site"), _("Pages vues")], selectors.referrers(period)),
        ("appareils", _("Types d’appareil"), [_("Appareil"), _("Pages vues")], selectors.devices(period)),
        ("langues", _("Langues"), [_("Langue"), _("Pages vues")], selectors.languages(period)),
        (
            "parcours",
            _("Parcours de réservation (visites avec consentement)"),
            [_("Étape"), _("Visites"), _("% de la première étape"), _("% de l’étape précédente")],
            [(s.label, s.visits, _percent(s.of_first), _percent(s.of_previous)) for s in funnel],
        ),
        (
            "entrees",
            _("Pages d’entrée (visites avec consentement)"),
            [_("Page"), _("Visites")],
            selectors.entry_pages(period),
        ),
    ]


def _percent(value) -> str:
    """In the admin's language: "12,5 %" in French, "12.5%" in English."""
    if value is None:
        return "—"
    return _("%(number)s %%") % {"number": formats.number_format(value, decimal_pos=1, use_l10n=True)}


def _bars(days):
    """Bars of the chart, computed here so the page needs no script."""
    peak = max((n for _day, n in days), default=0) or 1
    width = CHART_WIDTH / max(len(days), 1)
    bars = []
    for index, (day, views) in enumerate(days):
        height = round(CHART_HEIGHT * views / peak, 1)
        bars.append(
            {
                "x": round(index * width + 1, 1),
                "y": round(CHART_HEIGHT - height, 1),
                "width": round(max(width - 2, 1), 1),
                "height": height,
                "label": f"{date_format(day, 'SHORT_DATE_FORMAT')} : {views}",
            }
        )
    return {
        "bars": bars,
        "peak": max((n for _day, n in days), default=0),
        "width": CHART_WIDTH,
        "height": CHART_HEIGHT,
    }


def _csv(key, headers, rows, period):
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="audience-{key}-{period.start}-{period.end}.csv"'
    writer = csv.writer(response)
    writer.writerow(headers)
    writer.writerows(rows)
    return response


def report(request):
    if not request.user.has_perm(PERMISSION):
        raise PermissionDenied
    buffer.flush()  # what the beacon gathered so far is in the figures
    default = selectors.default_period()
    data = request.GET if "start" in request.GET or "end" in request.GET else None
    form = PeriodForm(data, initial={"start": default.start, "end": default.end})
    status = 200
    if data is None:
        period = default
    elif form.is_valid():
        period = form.period()
    else:
        period, status = default, 400
    tables = _tables(period)
    wanted = request.GET.get("csv")
    if wanted and status == 200:
        for key, _title, headers, rows in tables:
            if key == wanted:
                return _csv(key, headers, rows, period)
        return HttpResponse(_("Tableau inconnu."), status=400, content_type="text/plain; charset=utf-8")
    query = f"start={period.start}&end={period.end}"
    context = {
        "page_title": TITLE,
        "header_icon": "table",
        "form": form,
        "period": period,
        "total": selectors.total_views(period),
        "visits": selectors.visits_summary(period),
        "chart": _bars(tables[0][3]),
        "tables": [
            {"key": k, "title": t, "headers": h, "rows": r, "csv": f"?{query}&csv={k}"}
            for k, t, h, r in tables[1:]
        ],
        "days_csv": f"?{query}&csv=jours",
    }
    return TemplateResponse(request, "audience/admin/report.html", context, status=status)
