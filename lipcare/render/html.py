"""Self-contained HTML pages: the printable plan and the report for the physician.

No network, no external fonts or scripts: one file that prints the same
anywhere. Styles are black on white, with borders and words (never colour
alone) carrying meaning, so a black-and-white printout reads the same.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import date, timedelta
from html import escape as _escape_html

from lipcare import __version__
from lipcare.journal_rows import Amendment, AppointmentRow, CheckinRow, PhotoRow, Treatment
from lipcare.locale import current
from lipcare.medicines import Missed
from lipcare.protocol import SCALES, URGENCIES, Protocol, Scale
from lipcare.text import _, inert, num, plural
from lipcare.timeline import Period, Timeline, date_of_day


def escape(text: str, *, own: bool = False) -> str:
    """`text` for HTML, with control and bidi characters shown escaped: outside text stays inert.
    `own` text is lipcare's (its translations, checked when read), whose bidi isolates are meant."""
    return _escape_html(text if own else inert(text, keep_lines=True, marks=True))


CSS = """
@page { margin: 12mm 13mm; }
* { box-sizing: border-box; }
body { font-family: "DejaVu Sans", "Liberation Sans", Arial, Helvetica, sans-serif; font-size: 9.5pt;
       line-height: 1.35; color: #000; background: #fff; margin: 0 auto; max-width: 190mm; padding: 4mm; }
h1 { font-size: 16pt; margin: 0 0 2mm; }
h2 { font-size: 11.5pt; margin: 4mm 0 1.5mm; border-bottom: 1.5pt solid #000; padding-bottom: 0.5mm; }
p, ul { margin: 1mm 0; }
ul { padding-inline-start: 5mm; }
li { margin: 0.5mm 0; }
table { border-collapse: collapse; width: 100%; }
th, td { border: 0.75pt solid #000; padding: 0.6mm 1.3mm; text-align: start; vertical-align: top; }
th { font-weight: bold; }
.src { font-size: 8pt; color: #333; }
.facts td:first-child { font-weight: bold; width: 38%; }
.tick { font-size: 11pt; line-height: 1.1; white-space: nowrap; }
.warning { border: 2.5pt solid #000; padding: 2mm 3mm; margin: 3mm 0; page-break-inside: avoid; }
.warning h2 { border: none; margin-top: 0; text-transform: uppercase; letter-spacing: 0.03em; }
.warning h3 { font-size: 10pt; margin: 1.5mm 0 0.5mm; }
.warning li { font-size: 9pt; margin: 0.2mm 0; }
.notice { border: 0.75pt dashed #000; padding: 1.5mm 2.5mm; margin: 3mm 0; font-style: italic; }
.level { font-weight: bold; text-transform: uppercase; }
ul.why { margin: 0.5mm 0 0; padding-inline-start: 4mm; font-size: 8.5pt; }
.sources { columns: 3; column-gap: 4mm; margin: 0; padding-inline-start: 0; list-style: none; }
.sources li { font-size: 6.5pt; line-height: 1.2; break-inside: avoid; margin: 0 0 0.6mm; }
.sources .url { overflow-wrap: anywhere; }
.nowrap { white-space: nowrap; }
section, tr { page-break-inside: avoid; }
svg { width: 100%; height: auto; }
svg text { font-family: inherit; font-size: 9px; }
@media print { body { padding: 0; max-width: none; } a { color: #000; text-decoration: none; } }
"""


def _page(title: str, body: str) -> str:
    head, tail = _page_ends(title)
    return head + body + tail


def _page_ends(title: str) -> tuple[str, str]:
    """What comes before and after a page's body."""
    locale = current()
    direction = ' dir="rtl"' if locale.right_to_left else ""
    style = CSS + (_embedded_font() if locale.font else "")
    return (
        "<!DOCTYPE html>\n"
        f'<html lang="{locale.code}"{direction}>\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f'<meta name="generator" content="lipcare {__version__}">\n'
        f"<title>{escape(title, own=True)}</title>\n<style>{style}</style>\n</head>\n<body>\n",
        "\n</body>\n</html>\n",
    )


FONT_FAMILY = "lipcare Arabic Sans"


def _embedded_font() -> str:
    """The page's own font, with Arabic and Latin glyphs, embedded so it prints the same without network."""
    import base64

    from lipcare.protocol import default_protocol_path

    fonts = default_protocol_path().parent / "fonts"
    faces = []
    for weight, name in (("normal", "regular"), ("bold", "bold")):
        data = base64.b64encode((fonts / f"lipcare-arabic-{name}.woff2").read_bytes()).decode("ascii")
        faces.append(
            f'@font-face {{ font-family: "{FONT_FAMILY}"; font-weight: {weight}; '
            f'src: url(data:font/woff2;base64,{data}) format("woff2"); }}'
        )
    return (
        "\n".join(["", *faces, ""])
        + f'body, svg text {{ font-family: "{FONT_FAMILY}"; font-size: 9.5pt; line-height: 1.3; }}\n'
        ".warning h2 { text-transform: none; letter-spacing: 0; }\n"
    )


def _bdi(text: str) -> str:
    """Numbers and dates isolated from the right-to-left text around them."""
    return f"<bdi>{text}</bdi>" if current().right_to_left else text


def _whole(text: str) -> str:
    """A left-to-right run read as one thing (a phone number, a time, a code, an ISO date): never split across
    lines, and in a right-to-left page isolated and laid out left to right, so '+20 2 2735 0000' keeps its order."""
    if current().right_to_left:
        return f'<bdi dir="ltr" class="nowrap">{text}</bdi>'
    return f'<span class="nowrap">{text}</span>'


def _isolated(text: str) -> str:
    """`text` left to right inside a right-to-left line where no markup can go (the page's <title>, which the
    browser prints in its header): between the Unicode isolates LRI and PDI."""
    return f"\u2066{text}\u2069" if current().right_to_left else text


def _long(day: date) -> str:
    return _bdi(current().long(day))


def _short(day: date) -> str:
    return _bdi(current().short(day))


def _src(protocol: Protocol, source: str) -> str:
    """' [3]': the source's place in the protocol's [[sources]], as every output numbers it."""
    return f' <span class="src">[{_bdi(num(_number(protocol, source)))}]</span>'


def _number(protocol: Protocol, source: str) -> int:
    listed = list(protocol.sources)
    return listed.index(source) + 1 if source in listed else len(listed) + 1


def _clinic(protocol: Protocol) -> str:
    clinic = protocol.clinic
    if not clinic.known:
        return (
            f"<p><strong>{_('Your clinic:')}</strong> ____________________ &nbsp; "
            f"<strong>{_('Phone:')}</strong> ______________</p>"
        )
    parts = [f"<strong>{_('Your clinic:')}</strong> {escape(clinic.name or clinic.if_unknown)}"]
    if clinic.phone:
        hours = f" ({escape(clinic.hours)})" if clinic.hours else ""
        parts.append(f"<strong>{_('Phone:')}</strong> {_whole(escape(clinic.phone))}{hours}")
    if clinic.out_of_hours_phone:
        parts.append(f"<strong>{_('Out of hours:')}</strong> {_whole(escape(clinic.out_of_hours_phone))}")
    return "<p>" + " &nbsp;·&nbsp; ".join(parts) + "</p>"


def _warning_box(protocol: Protocol) -> str:
    groups = []
    for urgency in URGENCIES:
        signs = [sign for sign in protocol.warning_signs if sign.urgency == urgency]
        if not signs:
            continue
        action = protocol.urgency[urgency]
        heading = action.title
        items = "".join(f"<li>{escape(sign.label)}{_src(protocol, sign.source)}</li>" for sign in signs)
        groups.append(
            f"<h3>{escape(heading)}: {escape(action.text)}{_src(protocol, action.source)}</h3><ul>{items}</ul>"
        )
    return (
        f'<section class="warning"><h2>{_("Warning signs: act on them whenever they appear")}</h2>'
        + "".join(groups)
        + _clinic(protocol)
        + "</section>"
    )


def _notice(protocol: Protocol) -> str:
    return f'<p class="notice">{escape(protocol.notice)}</p>'


def _sources(protocol: Protocol, used: Iterable[str]) -> str:
    wanted = set(used)
    items = []
    for source in protocol.sources.values():
        if source.id not in wanted:
            continue
        url = f' <span class="url">{escape(source.url)}</span>' if source.url else ""
        number = _bdi(num(_number(protocol, source.id)))
        # A source keeps its own language (its title is English): laid out in its own direction, it does not
        # get broken mid-word around the number. Only the address may break anywhere.
        items.append(f'<li dir="auto">[{number}] {escape(source.title)}{url}</li>')
    return f'<h2>{_("Sources")}</h2><ul class="sources">{"".join(items)}</ul>'


def _appointment(row: AppointmentRow) -> str:
    """'Thursday 10 December 2026 at 10:30, Lip Clinic: check the healing', the patient's text escaped."""
    said = _long(row.on)
    if row.at is not None:
        said = _("{date} at {time}").format(date=said, time=_whole(num(f"{row.at:%H:%M}")))
    if row.place:
        said = _("{appointment}, {place}").format(appointment=said, place=escape(row.place))
    if row.note:
        said = _("{appointment}: {note}").format(appointment=said, note=escape(row.note))
    return said


def _appointment_rows(label: str, rows: Sequence[AppointmentRow]) -> str:
    """A row of the facts table listing `rows`, one a line; none when there are none."""
    if not rows:
        return ""
    return f"<tr><td>{label}</td><td>{'<br>'.join(_appointment(row) for row in rows)}</td></tr>"


def _period_row(protocol: Protocol, period: Period) -> str:
    span = period.span
    first, last = _short(period.first), _short(period.last)
    when = first if period.first == period.last else _("{first} to {last}").format(first=first, last=last)
    return f"<tr><td>{escape(span.title)}<br>{when}</td><td>{escape(span.text)}{_src(protocol, span.source)}</td></tr>"


def plan_sheet(tl: Timeline) -> str:
    """The printable plan a clinic hands over: at most two pages, A4 or Letter."""
    protocol = tl.protocol
    rinse = protocol.rinse
    times = [at.strftime("%H:%M") for at in rinse.times]
    head_cells = "".join(f"<th>{_whole(num(t))}</th>" for t in times)
    by_day: dict[date, set[str]] = {}
    for reminder in tl.reminders:
        by_day.setdefault(reminder.date, set()).add(reminder.time.strftime("%H:%M"))
    rows = []
    for day, due in by_day.items():
        cells = "".join(f'<td class="tick">{"☐" if t in due else "-"}</td>' for t in times)
        number = _bdi(num((day - tl.treatment_date).days))
        rows.append(f"<tr><td>{_('Day {day}').format(day=number)}</td><td>{_short(day)}</td>{cells}</tr>")
    at = _(" at {time}").format(time=_whole(num(f"{tl.treatment_time:%H:%M}"))) if tl.treatment_time else ""
    treated = _long(tl.treatment_date) + at
    red = protocol.redness
    used = [rinse.source, red.source, red.beyond_source, tl.sun_avoid.span.source, tl.sunscreen.span.source]
    used += [p.span.source for p in tl.milestones] + [s.source for s in protocol.warning_signs]
    used += [protocol.urgency[u].source for u in URGENCIES]
    avoid, screen = tl.sun_avoid, tl.sunscreen
    checkins = protocol.questions.reminder
    used.append(checkins.source)
    notes = "".join(f'<p class="notice">{escape(note)}</p>' for note in current().notes)
    body = f"""
<h1>{_("Your aftercare plan after CO2 laser lip peeling")}</h1>
{notes}<table class="facts">
<tr><td>{_("Treatment")}</td><td>{treated}</td></tr>
<tr><td>{_("{title}: until {date}").format(title=escape(avoid.span.title), date=_long(avoid.last))}</td>
<td>{escape(avoid.span.text)}{_src(protocol, avoid.span.source)}</td></tr>
<tr><td>{
        _("{title}: from {first}, every day, for good").format(
            title=escape(screen.span.title), first=_long(screen.first)
        )
    }</td>
<td>{escape(screen.span.text)}{_src(protocol, screen.span.source)}</td></tr>
<tr><td>{
        _("Redness window: last day {date} (day {day})").format(
            date=_long(tl.redness.ends), day=_bdi(num(red.window_days))
        )
    }</td>
<td>{escape(red.text)}{_src(protocol, red.source)} {escape(red.beyond_text)}{
        _src(protocol, red.beyond_source)
    }</td></tr>
<tr><td>{
        _("Check-ins: every day to {daily}, then every week to {weekly}").format(
            daily=_long(tl.treatment_date + timedelta(days=checkins.daily_last_day)),
            weekly=_long(tl.treatment_date + timedelta(days=checkins.days()[-1])),
        )
    }</td>
<td>{escape(checkins.text)}{_src(protocol, checkins.source)}</td></tr>
{_appointment_rows(_("Follow-up appointments"), [row for row in tl.appointments if row.on >= tl.on])}
<tr><td>{_("Protocol")}</td><td>{escape(protocol.name)} {_whole(escape(protocol.version))}</td></tr>
</table>
{_clinic(protocol)}
<h2>{
        _("{title}: days {first} to {last}, tick each one").format(
            title=escape(rinse.title), first=_bdi(num(rinse.first_day)), last=_bdi(num(rinse.last_day))
        )
    }</h2>
<p>{escape(rinse.text)}{_src(protocol, rinse.source)}</p>
<table><tr><th>{_("Day")}</th><th>{_("Date")}</th>{head_cells}</tr>{"".join(rows)}</table>
<h2>{_("What to expect")}</h2>
<table>{"".join(_period_row(protocol, period) for period in tl.milestones)}</table>
{_warning_box(protocol)}
{_notice(protocol)}
{_sources(protocol, used)}
"""
    return _page(_("Aftercare plan from {date}").format(date=_isolated(tl.treatment_date.isoformat())), body)


Series = tuple[str, str, list[tuple[int, int | None]]]
"""A chart series: its name, its marker ("circle" or "square") and (day, value) points; None is not recorded."""
_MARKER_WORDS = {"circle": "filled dots", "square": "open squares"}
_DASHES = ["", "6 3", "2 2"]
_DASH_WORDS = ["solid line", "dashed line", "dotted line"]


def _marker(shape: str, cx: float, cy: float) -> str:
    if shape == "circle":
        return f'<circle cx="{cx:.1f}" cy="{cy:.1f}" r="2.6" fill="#000"/>'
    return f'<rect x="{cx - 2.5:.1f}" y="{cy - 2.5:.1f}" width="5" height="5" fill="#fff" stroke="#000"/>'


def _runs(points: Sequence[tuple[int, int | None]]) -> list[list[tuple[int, int]]]:
    """The stretches of recorded values: a value not recorded breaks the line."""
    runs: list[list[tuple[int, int]]] = [[]]
    for day, value in points:
        if value is None:
            if runs[-1]:
                runs.append([])
        else:
            runs[-1].append((day, value))
    return [run for run in runs if run]


def _chart(title: str, series: Sequence[Series], low: int, top: int, window: int, last_day: int) -> str:
    """A line chart in inline SVG; each series has its own dash pattern and marker shape.

    Series are drawn side by side (a few pixels apart), so one never hides
    another where their values are equal; a value not recorded is a gap.
    """
    width, height, left, right, top_pad, bottom = 640, 190, 34, 12, 16, 50  # the legend under the day axis
    plot_w, plot_h = width - left - right, height - top_pad - bottom
    span = max(last_day, window + 1)
    # A score saved under a protocol whose scale was wider is drawn inside the chart, on an axis that reaches it.
    recorded = [value for _, _, points in series for _, value in points if value is not None]
    low, top = min([low, *recorded]), max([top, *recorded])
    top = max(top, low + 1)

    def x(day: int) -> float:
        return left + plot_w * day / span

    def y(value: int) -> float:
        return top_pad + plot_h * (1 - (value - low) / (top - low))

    # Time runs left to right on the chart in every language.
    parts = [f'<svg viewBox="0 0 {width} {height}" role="img" aria-label="{escape(title, own=True)}" direction="ltr">']
    label_step = max(1, -(-(top - low) // 10))
    for value in range(low, top + 1):
        parts.append(
            f'<line x1="{left}" x2="{width - right}" y1="{y(value):.1f}" y2="{y(value):.1f}" '
            f'stroke="#000" stroke-width="{0.8 if value == low else 0.2}"/>'
        )
        if (value - low) % label_step == 0 or value == top:
            parts.append(f'<text x="{left - 6}" y="{y(value) + 3:.1f}" text-anchor="end">{num(value)}</text>')
    step = 7 if span <= 70 else 14 if span <= 140 else 28 if span <= 400 else 91
    for day in range(0, span + 1, step):
        parts.append(f'<text x="{x(day):.1f}" y="{height - bottom + 12}" text-anchor="middle">{num(day)}</text>')
    axis = _("day after treatment")
    parts.append(f'<text x="{left + plot_w / 2:.0f}" y="{height - bottom + 26}" text-anchor="middle">{axis}</text>')
    wx = x(window)
    parts.append(
        f'<line x1="{wx:.1f}" x2="{wx:.1f}" y1="{top_pad - 6}" y2="{top_pad + plot_h}" stroke="#000" '
        'stroke-width="1.2" stroke-dasharray="2 3"/>'
    )
    window_end = _("end of {days}-day redness window").format(days=num(window))
    parts.append(f'<text x="{wx - 3:.1f}" y="{top_pad - 6}" text-anchor="end">{window_end}</text>')
    for index, (name, marker, points) in enumerate(series):
        # Side by side: equal values of two series are drawn a few pixels apart, never on top of each other.
        shift = index - (len(series) - 1) / 2
        dx, dy = shift * 6.0, shift * 3.0
        dash = f' stroke-dasharray="{_DASHES[index]}"' if _DASHES[index] else ""
        for run in _runs(points):
            path = " ".join(f"{x(d) + dx:.1f},{y(v) + dy:.1f}" for d, v in run)
            parts.append(f'<polyline points="{path}" fill="none" stroke="#000" stroke-width="1.4"{dash}/>')
            parts.extend(_marker(marker, x(d) + dx, y(v) + dy) for d, v in run)
        # The legend has a line of its own under the chart, one entry per half: nothing is drawn there.
        legend_x, legend_y = left + index * (plot_w // 2), height - 8
        parts.append(
            f'<line x1="{legend_x}" x2="{legend_x + 22}" y1="{legend_y - 3}" y2="{legend_y - 3}" stroke="#000" '
            f'stroke-width="1.4"{dash}/>'
        )
        parts.append(_marker(marker, legend_x + 11, legend_y - 3))
        words = _(", ").join((_(_DASH_WORDS[index]), _(_MARKER_WORDS.get(marker, marker))))
        parts.append(f'<text x="{legend_x + 26}" y="{legend_y}">{escape(name)} ({words})</text>')
    parts.append("</svg>")
    gaps = any(value is None for _, _, points in series for _, value in points)
    note = f'<p class="src">{_("A break in a line: not recorded that day.")}</p>' if gaps else ""
    return f"<figure><figcaption><strong>{escape(title, own=True)}</strong></figcaption>{''.join(parts)}{note}</figure>"


def _cell(value: int | bool | None) -> str:
    if value is None:
        return f'<span title="{_("not recorded")}">-</span>'
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    return _bdi(num(value))


def _signs_cell(row: CheckinRow, labels: dict[str, str]) -> str:
    """The warning signs reported, 'none' when the patient said none, 'not recorded' when they were not asked."""
    if not row.symptoms_recorded:
        return _("not recorded")
    return _("; ").join(escape(labels.get(key, key)) for key in row.symptoms) or _("none")


def _table_row(row: CheckinRow, labels: dict[str, str], keys: Sequence[str]) -> str:
    signs = _signs_cell(row, labels)
    relief = (
        ""
        if row.painkillers_relieve is None
        else " " + (_("(relieved by painkillers)") if row.painkillers_relieve else _("(not relieved by painkillers)"))
    )
    scores = "".join(f"<td>{_cell(row.score(key))}{relief if key == 'pain' else ''}</td>" for key in keys)
    return (
        f'<tr><td class="nowrap"><bdi>{row.on.isoformat()}</bdi></td><td>{_bdi(num(row.day))}</td>'
        f"{scores}<td>{_cell(row.crusting)}</td><td>{signs}</td>"
        f"<td>{_advice_cell(row)}</td><td>{escape(row.note)}</td></tr>"
    )


def _patient_rows(name: str, born: str) -> str:
    """The patient's name and date of birth, each only when given (the report names no one otherwise)."""
    rows = f"<tr><td>{_('Patient')}</td><td>{escape(name)}</td></tr>" if name else ""
    if born:
        rows += f"<tr><td>{_('Date of birth')}</td><td>{_bdi(escape(born))}</td></tr>"
    return rows


def _advice_cell(row: CheckinRow) -> str:
    """The level, and for an urgent or contact check-in why, as the check-in said it; then what changed in it."""
    from lipcare.render.words import amendment_lines

    cell = f'<span class="level">{escape(_(row.shown_level))}</span>'
    if row.level != "expected" and row.reasons:
        why = "".join(f'<li dir="auto">{escape(reason)}</li>' for reason in row.reasons)
        cell += f'<ul class="why">{why}</ul>'
    changed = amendment_lines(row)
    if changed:
        cell += f'<p class="src">{escape(_("; ").join(changed))}</p>'
    return cell


def _answers(protocol: Protocol, row: CheckinRow) -> str:
    """'Redness 1, swelling 0, pain 2, crusts no', every scale of the protocol in order."""
    questions = protocol.questions
    said = [(scale.name, _cell(row.score(scale.key))) for scale in questions.scales]
    said.append((questions.crusting_name, _cell(row.crusting)))
    text = _(", ").join(f"{escape(name)} {value}" for name, value in said)
    return text[:1].upper() + text[1:]


def checkin_report_parts(
    protocol: Protocol,
    treatment: Treatment,
    rows: Callable[[], Iterable[CheckinRow]],
    today: date,
    photos: Sequence[tuple[PhotoRow, bytes]] = (),
    left_out: int = 0,
    missing: int = 0,
    patient: tuple[str, str] = ("", ""),
    removed: Sequence[Amendment] = (),
    appointments: Sequence[AppointmentRow] = (),
    missed: Sequence[Missed] = (),
) -> Iterator[str]:
    """The report a patient brings to the follow-up, in pieces. `photos` are embedded beside their check-ins;
    `left_out` photos were left out on purpose (--no-photos), `missing` ones could not be read; `patient`: the name
    and date of birth to put on it, when given. The check-ins are read twice from `rows()` (the journal, say): once
    for the charts, the warning signs and the counts, once for the table, written as it is read. Memory stays
    small however many check-ins there are. `appointments`: the follow-ups kept, listed as kept (before `today`)
    and coming."""
    from lipcare.appointments import kept_and_coming

    questions = protocol.questions
    labels = {word: sign.label for sign in protocol.warning_signs for word in sign.words}  # old keys too
    window = protocol.redness.window_days
    count, first, last, last_day, unknown = 0, None, None, 0, False
    keys = questions.keys
    per_day: dict[str, dict[int, int | None]] = {key: {} for key in keys}
    reported: list[tuple[CheckinRow, str]] = []
    photographed_ids = {photo.checkin_id for photo, _data in photos}
    photographed: list[CheckinRow] = []  # the few check-ins with photos, for the photo section
    several_days: dict[int, int] = {}
    for row in rows():
        count += 1
        first = first or row
        last = row
        last_day = max(last_day, row.day)
        unknown = unknown or row.crusting is None or any(row.score(key) is None for key in keys)
        for key, by_day in per_day.items():
            value = row.score(key)
            earlier = by_day.get(row.day)
            # The worst (highest) reading of each day: a second check-in never hides the one that raised an alarm.
            by_day[row.day] = value if earlier is None else earlier if value is None else max(earlier, value)
        several_days.update({row.day: several_days.get(row.day, 0) + 1})
        reported.extend((row, key) for key in row.symptoms)
        if row.id in photographed_ids:
            photographed.append(row)
    for by_day in per_day.values():  # a day with no check-in breaks the line, as a score not recorded does
        for day in range(min(by_day, default=0), max(by_day, default=0)):
            by_day.setdefault(day, None)
    red, swell, pain = questions.redness, questions.swelling, questions.pain
    redness_swelling: list[Series] = [
        (red.name, "circle", sorted(per_day["redness"].items())),
        (swell.name, "square", sorted(per_day["swelling"].items())),
    ]
    low, high = min(red.min, swell.min), max(red.max, swell.max)
    scale = f"\u2066{num(low)}-{num(high)}\u2069" if current().right_to_left else f"{num(low)}-{num(high)}"
    charts = _chart(
        _("Redness and swelling ({scale}: {choices})").format(scale=scale, choices=_choices(red)),
        redness_swelling,
        low,
        high,
        window,
        last_day,
    ) + _chart(
        _("Pain ({choices})").format(choices=_choices(pain)),
        [(pain.name, "circle", sorted(per_day["pain"].items()))],
        pain.min,
        pain.max,
        window,
        last_day,
    )
    for added in questions.scales:  # a clinic's own scales, one chart each
        if added.key not in SCALES and not added.removed:
            charts += _chart(
                _("{title} ({choices})").format(title=added.title, choices=_choices(added)),
                [(added.name, "circle", sorted(per_day[added.key].items()))],
                added.min,
                added.max,
                window,
                last_day,
            )
    if any(times > 1 for times in several_days.values()):
        highest = _("Where a day has more than one check-in, its highest reading is drawn; the table lists every one.")
        charts += f'<p class="src">{highest}</p>'
    unknown_note = (
        f"<p>{_('- = not recorded in that check-in (the question was not asked or not answered).')}</p>"
        if unknown
        else ""
    )
    if reported:
        signs_html = (
            "<ul>"
            + "".join(
                f"<li><strong><bdi>{row.on.isoformat()}</bdi> "
                f"({_('day {day}').format(day=_bdi(num(row.day)))})</strong>: "
                f"{escape(labels.get(key, key))}</li>"
                for row, key in reported
            )
            + "</ul>"
        )
    else:
        signs_html = f"<p>{_('No warning signs were reported.')}</p>"
    treated = _long(treatment.treatment_date)
    if first is not None and last is not None:
        # Under its "Check-ins" label English gives the number alone; Arabic counts with the noun (٦ تسجيلات).
        counted = plural(count, "check-in") if current().translated else num(count)
        span = _("{count}, from {first} to {last}").format(
            count=_bdi(counted), first=_bdi(first.on.isoformat()), last=_bdi(last.on.isoformat())
        )
    else:
        span = _("none yet")
    window_end = _long(date_of_day(treatment.treatment_date, window))
    window_days = _("days {first}-{last}, last day {date}").format(
        first=_bdi(num(0)), last=_bdi(num(window)), date=window_end
    )
    heads = "".join(
        f"<th>{name}</th>"
        for name in (
            _("Date"),
            _("Day"),
            *(escape(scale.title) for scale in questions.scales),
            _("Crusts"),
            _("Warning signs"),
            _("Advice given"),
            _("Note"),
        )
    )
    notes = "".join(f'<p class="notice">{escape(note)}</p>' for note in current().notes)
    kept, coming = kept_and_coming(appointments, today)
    body = f"""
<h1>{_("Check-in report: CO2 laser lip peeling")}</h1>
{notes}<table class="facts">
{_patient_rows(*patient)}<tr><td>{_("Treatment")}</td><td>{treated}</td></tr>
<tr><td>{_("Check-ins")}</td><td>{span}</td></tr>
<tr><td>{_("Redness window")}</td><td>{window_days}</td></tr>
{_appointment_rows(_("Past appointments"), kept)}{_appointment_rows(_("Coming appointments"), coming)}
<tr><td>{_("Protocol")}</td><td>{escape(protocol.name)} {_whole(escape(protocol.version))}</td></tr>
<tr><td>{_("Report made")}</td><td>{_long(today)}</td></tr>
</table>
<h2>{_("Course")}</h2>
{charts}
<h2>{_("Warning signs reported")}</h2>
{signs_html}
{_missed_section(missed)}
<h2>{_("Every check-in")}</h2>
<table><tr>{heads}</tr>"""
    from lipcare.render.words import removed_lines

    gone = "".join(f"<p>{escape(line)}</p>" for line in removed_lines(removed))
    after = f"""</table>
{gone}{unknown_note}
<p>{_(ADVICE_LEVELS)}</p>
{_photo_section(protocol, photographed, photos, left_out, missing)}
{_notice(protocol)}
"""
    head, tail = _page_ends(
        _("Check-in report, treatment {date}").format(date=_isolated(treatment.treatment_date.isoformat()))
    )
    yield head + body
    batch: list[str] = []
    for row in rows():
        batch.append(_table_row(row, labels, keys))
        if len(batch) >= 500:
            yield "".join(batch)
            batch = []
    yield "".join(batch)
    yield after + tail


ADVICE_LEVELS = (
    'Advice levels: <span class="level">immediate</span> = a warning sign that cannot wait, seek care immediately; '
    '<span class="level">urgent</span> = a warning sign or a score rule of the protocol, contact the '
    'physician today; <span class="level">contact</span> = contact the physician to follow up; '
    '<span class="level">expected</span> = no rule of the protocol applied to what was recorded that day.'
)


def _missed_section(missed: Sequence[Missed]) -> str:
    """The days the check-ins recorded doses as missed, with what the protocol says to do; nothing when none were."""
    if not missed:
        return ""
    from lipcare.render.words import missed_line

    items = "".join(f"<li>{escape(missed_line(item))}</li>" for item in missed)
    return f"<h2>{_('Missed doses')}</h2><ul>{items}</ul>"


def _choices(scale: Scale) -> str:
    """'0 none, 1 mild, 2 moderate, 3 severe', or '0 to 10', in the language in force."""
    if scale.labels:
        return _(", ").join(f"{num(scale.min + index)} {label}" for index, label in enumerate(scale.labels))
    return _("{low} to {high}").format(low=num(scale.min), high=num(scale.max))


def _photo_section(
    protocol: Protocol,
    rows: Sequence[CheckinRow],
    photos: Sequence[tuple[PhotoRow, bytes]],
    left_out: int,
    missing: int,
) -> str:
    """Each photographed check-in beside its photos, embedded as data: URIs so the report stays one file."""
    import base64

    notes = []
    if left_out:
        notes.append(
            (
                _("{count} kept in the journal was left out of this copy.")
                if left_out == 1
                else _("{count} kept in the journal were left out of this copy.")
            ).format(count=plural(left_out, "photo"))
        )
    if missing:
        notes.append(
            _("{count} recorded in the journal could not be read from its photos folder.").format(
                count=plural(missing, "photo")
            )
        )
    if not photos:
        return f"<h2>{_('Photos')}</h2><p>{' '.join(notes)}</p>" if notes else ""
    labels = {word: sign.label for sign in protocol.warning_signs for word in sign.words}  # old keys too
    by_checkin: dict[int, list[tuple[PhotoRow, bytes]]] = {}
    for photo, data in photos:
        by_checkin.setdefault(photo.checkin_id, []).append((photo, data))
    blocks = []
    for row in rows:
        kept = by_checkin.get(row.id)
        if not kept:
            continue
        signs = _signs_cell(row, labels)
        details = (
            _("<strong>{date}</strong>, day {day}").format(date=_bdi(row.on.isoformat()), day=_bdi(num(row.day)))
            + "<br>"
            + _answers(protocol, row)
            + "<br>"
            + _("Warning signs: {signs}").format(signs=signs)
            + "<br>"
            + _('Advice given: <span class="level">{level}</span>').format(level=escape(_(row.shown_level)))
            + ("<br>" + _("Note: {note}").format(note=escape(row.note)) if row.note else "")
        )
        figures = []
        for number, (photo, data) in enumerate(kept, start=1):
            uri = "data:image/jpeg;base64," + base64.b64encode(data).decode("ascii")
            alt = _("Photo {number} of {total} of the lips, {date} (day {day})").format(
                number=num(number), total=num(len(kept)), date=row.on.isoformat(), day=num(row.day)
            )
            figures.append(
                '<figure style="display:inline-block; width:49%; margin:0 0 1mm; vertical-align:top">'
                f'<img src="{uri}" alt="{alt}" width="{photo.width}" height="{photo.height}" '
                'style="width:auto; height:auto; max-width:100%; max-height:85mm; border:0.75pt solid #000">'
                f'<figcaption class="src">{alt}{_("; ")}{_bdi(f"{num(photo.width)}x{num(photo.height)} px")}'
                "</figcaption></figure>"
            )
        blocks.append(f'<tr><td style="width:28%">{details}</td><td>{" ".join(figures)}</td></tr>')
    intro = _(
        "Photos taken by the patient, shown beside the check-in they were recorded with. Kept without location, "
        "camera or other hidden details; lighting and camera differ between photos."
    )
    notes_html = f"<p>{' '.join(notes)}</p>" if notes else ""
    return f"<h2>{_('Photos')}</h2><p>{intro}</p>{notes_html}<table>{''.join(blocks)}</table>"
