"""Reading the admin's CSV and XLSX exports in tests, and measuring what consuming them costs."""

import csv
import io
import re
import tracemalloc
import zipfile
from dataclasses import dataclass, field

from openpyxl import load_workbook


def csv_rows(response) -> list[list[str]]:
    assert response.status_code == 200, response.status_code
    body = b"".join(response.streaming_content).decode("utf-8")
    return list(csv.reader(io.StringIO(body)))


def xlsx_rows(response) -> list[tuple]:
    assert response.status_code == 200, response.status_code
    content = b"".join(response.streaming_content) if response.streaming else response.content
    sheet = load_workbook(io.BytesIO(content), read_only=True).active
    return [tuple(cell for cell in row) for row in sheet.iter_rows(values_only=True)]


def xlsx_first_column(file) -> list:
    """Column A of every row of a large XLSX, read from the sheet's XML (openpyxl would take
    minutes for 100,000 rows): the heading as a string, then the numbers."""
    with zipfile.ZipFile(file) as archive:
        name = next(n for n in archive.namelist() if n.startswith("xl/worksheets/sheet"))
        xml = archive.read(name)
    rows = re.findall(rb"<row [^>]*>(.*?)</row>", xml, flags=re.S)
    column = []
    for row in rows:
        first = re.match(rb'<c r="A\d+"[^>]*>(?:<v>([^<]*)</v>|<is><t>([^<]*)</t></is>)</c>', row)
        number, text = first.groups()
        column.append(int(number) if number is not None else text.decode())
    return column


@dataclass
class StreamSummary:
    """What a large export held, read chunk by chunk without keeping it, and what it cost."""

    lines: int = 0
    size: int = 0
    first_lines: list[bytes] = field(default_factory=list)
    last_line: bytes = b""
    peak_traced: int | None = None  # bytes, Python allocations (tracemalloc)
    peak_rss_growth: int | None = None  # bytes, the process's peak resident memory above its start


def _rss_kib(field_name: str) -> int | None:
    try:
        with open("/proc/self/status") as status:
            return int(re.search(rf"{field_name}:\s+(\d+) kB", status.read()).group(1))
    except OSError:
        return None


def _reset_peak_rss() -> int | None:
    """Linux: reset the peak resident size (VmHWM) to the current one, which is returned."""
    try:
        with open("/proc/self/clear_refs", "w") as clear_refs:
            clear_refs.write("5")
    except OSError:
        return None
    return _rss_kib("VmRSS")


def peak_rss_growth(function) -> tuple[object, int | None]:
    """`function()` and by how much it raised the peak resident memory (None off Linux)."""
    before = _reset_peak_rss()
    result = function()
    return result, None if before is None else (_rss_kib("VmHWM") - before) * 1024


def consume_measured(get_response, *, sink=None, trace: bool = False) -> tuple[object, StreamSummary]:
    """Call `get_response()` and read its whole body, measuring the peak resident memory above
    the start (Linux) and, with `trace`, the peak of Python allocations (tracemalloc: several
    times slower). Both cover building the response (the view) and producing every byte.
    Keeps only the first lines and the last; the whole body goes to `sink` (a file) if given."""
    summary = StreamSummary()
    rss_before = _reset_peak_rss()
    if trace:
        tracemalloc.start()
    try:
        response = get_response()
        tail = b""
        for chunk in response.streaming_content:
            summary.size += len(chunk)
            if sink is not None:
                sink.write(chunk)
            *complete, tail = (tail + chunk).split(b"\n")
            summary.lines += len(complete)
            if len(summary.first_lines) < 3:
                summary.first_lines.extend(complete[: 3 - len(summary.first_lines)])
            if complete:
                summary.last_line = complete[-1]
        if tail:
            summary.lines += 1
            summary.last_line = tail
        if trace:
            summary.peak_traced = tracemalloc.get_traced_memory()[1]
    finally:
        if trace:
            tracemalloc.stop()
    if rss_before is not None:
        summary.peak_rss_growth = (_rss_kib("VmHWM") - rss_before) * 1024
    return response, summary
