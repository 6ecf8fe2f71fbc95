"""Evidence exports of the append-only tables (acceptance ledger, cookie consent receipts).

For the index view of a Wagtail `ModelViewSet`: every row matching the listing's filters and
search, in the listing's order. Wagtail's own exporter is not used: it reads model instances
through dotted accessors (an anonymous row's `user.email` raised and ended the file), and the
listing first counts its rows with `len()`, which loads the whole table in memory.

Here rows come from `values_list()` through a server-side cursor, one chunk at a time, and
every cell is formatted by a total function, so no row can raise. The CSV is streamed; the
XLSX is written completely (openpyxl write-only, in a temporary file) before its first byte
is sent, so an error there is a plain 500. Should the CSV stream still fail (database gone),
the error is logged and re-raised: the server aborts the transfer instead of ending a short
file as if it were complete.

Timestamps are in UTC: ISO 8601 with its offset in CSV, UTC datetimes in XLSX (a spreadsheet
cell has no time zone); the headings say so. Text is kept as text: a CSV cell that a spreadsheet
program would run as a formula gets a leading apostrophe, XLSX cells are typed as strings.
"""

import csv
import datetime
import json
import logging
import tempfile
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.http import FileResponse, StreamingHttpResponse
from django.shortcuts import redirect
from django.utils.encoding import force_str
from django.utils.functional import Promise, cached_property
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

logger = logging.getLogger(__name__)

CHUNK_SIZE = 2000
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
XLSX_DATETIME_FORMAT = "yyyy-mm-dd hh:mm:ss"
XLSX_MAX_ROWS = 1_048_576 - 1  # the rows of a worksheet, less the heading
# A cell starting with one of these is a formula to a spreadsheet program (CSV injection); the
# user agent and the e-mail address come from outside.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class ExportColumn:
    lookup: str  # a values_list() lookup: "user__email" is NULL, not an error, for anonymous rows
    heading: str | Promise
    convert: Callable[[Any], Any] | None = None  # must accept every stored value, None included


def as_json(value) -> str | None:
    """A JSON column's value, as stored (keys sorted): total for anything the column holds."""
    return None if value is None else json.dumps(value, ensure_ascii=False, sort_keys=True)


def utc(value: datetime.datetime) -> datetime.datetime:
    return value.astimezone(datetime.UTC)


def csv_cell(value):
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return utc(value).isoformat()
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def xlsx_cell(sheet, value):
    if isinstance(value, datetime.datetime):
        cell = WriteOnlyCell(sheet, utc(value).replace(tzinfo=None))
        cell.number_format = XLSX_DATETIME_FORMAT
        return cell
    if isinstance(value, str):
        # openpyxl refuses control characters (the whole file would fail) and takes "=…" for a
        # formula: both are kept as visible text.
        value = ILLEGAL_CHARACTERS_RE.sub("\ufffd", value)
        if value.startswith("="):
            cell = WriteOnlyCell(sheet, value)
            cell.data_type = "s"
            return cell
    return value


def _discard(sheet) -> None:
    """After a failure, close the sheet's stream and delete its temporary file now: openpyxl
    would keep it (personal data included) until the process exits."""
    try:
        sheet.close()
        sheet._writer.cleanup()
    except Exception:
        logger.warning("export: the temporary file of a failed XLSX export is left behind", exc_info=True)


class _Echo:
    """What csv.writer writes to: each line comes back as bytes instead of being buffered."""

    def write(self, line: str) -> bytes:
        return line.encode("utf-8")


class EvidenceExportMixin:
    """Mixed into a Wagtail `IndexView` (before it); the view sets `export_columns`."""

    export_columns: tuple[ExportColumn, ...] = ()

    @cached_property
    def show_export_buttons(self):
        return bool(self.export_columns)

    def get(self, request, *args, **kwargs):
        if not self.is_export:
            return super().get(request, *args, **kwargs)
        if self.filters and not self.filters.is_valid():
            # Wagtail lists everything when a filter is invalid; an export must not.
            return self._refuse(_("Un filtre est invalide : corrigez-le avant d’exporter."))
        # Not super().get(): the listing's context counts the rows with len(), loading them all.
        return self.as_spreadsheet(self.get_queryset(), request.GET["export"])

    def _refuse(self, message: str):
        """Back to the listing, same filters, with the reason: never a partial file."""
        messages.error(self.request, message)
        query = self.request.GET.copy()
        query.pop("export", None)
        return redirect(f"{self.request.path}?{query.urlencode()}" if query else self.request.path)

    def export_headings_row(self) -> list[str]:
        return [force_str(column.heading) for column in self.export_columns]

    def export_rows(self, queryset) -> Iterator[Sequence]:
        rows = queryset.values_list(*(column.lookup for column in self.export_columns)).iterator(
            chunk_size=CHUNK_SIZE
        )
        converters = [(i, column.convert) for i, column in enumerate(self.export_columns) if column.convert]
        if not converters:
            yield from rows
            return
        for values in rows:
            row = list(values)
            for index, convert in converters:
                row[index] = convert(row[index])
            yield row

    def stream_csv(self, queryset):
        writer = csv.writer(_Echo())
        yield writer.writerow(self.export_headings_row())
        count = 0
        try:
            for row in self.export_rows(queryset):
                yield writer.writerow([csv_cell(value) for value in row])
                count += 1
        except Exception:
            logger.exception(
                "export of %s failed after %d rows: download aborted, the file is incomplete",
                self.model._meta.label,
                count,
            )
            raise
        self._log_export("csv", count)

    def write_csv_response(self, queryset):
        response = StreamingHttpResponse(self.stream_csv(queryset), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{self.get_filename()}.csv"'
        return self._private(response)

    def write_xlsx(self, queryset, output) -> None:
        workbook = Workbook(write_only=True)
        sheet = workbook.create_sheet(title=force_str(self.model._meta.verbose_name_plural)[:31])
        count = 0
        try:
            sheet.append(self.export_headings_row())
            for row in self.export_rows(queryset):
                sheet.append([xlsx_cell(sheet, value) for value in row])
                count += 1
            workbook.save(output)
        except BaseException:
            _discard(sheet)
            raise
        self._log_export("xlsx", count)

    def write_xlsx_response(self, queryset):
        if queryset.count() > XLSX_MAX_ROWS:
            # A worksheet cannot hold more: the rows past it would be lost.
            return self._refuse(
                _("Trop de lignes pour un fichier XLSX (%(max)s au plus) : filtrez ou exportez en CSV.")
                % {"max": XLSX_MAX_ROWS}
            )
        output = tempfile.TemporaryFile()  # noqa: SIM115 - FileResponse closes it once sent
        try:
            self.write_xlsx(queryset, output)
        except BaseException:
            output.close()
            raise
        output.seek(0)
        response = FileResponse(
            output, as_attachment=True, filename=f"{self.get_filename()}.xlsx", content_type=XLSX_CONTENT_TYPE
        )
        return self._private(response)

    @staticmethod
    def _private(response):
        response["Cache-Control"] = "private, no-store"
        response["X-Content-Type-Options"] = "nosniff"
        return response

    def _log_export(self, export_format: str, count: int) -> None:
        # Who took personal data out of the admin, and how much.
        logger.info(
            "user %s exported %d rows of %s (%s)",
            self.request.user.pk,
            count,
            self.model._meta.label,
            export_format,
        )
