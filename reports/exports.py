"""The evaluation meeting's pack as files: a PDF rendered on the server (WeasyPrint) and an XLSX with the
same figures (openpyxl). Both are built from one `scorecards.Pack`, so they cannot disagree."""

from __future__ import annotations

import io

from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from lib import spreadsheets
from reports.scorecards import Pack

PDF_TEMPLATE = "reports/pack_pdf.html"


def pack_html(pack: Pack, request=None) -> str:
    return render_to_string(PDF_TEMPLATE, {"pack": pack}, request=request)


def pack_pdf(pack: Pack, request=None) -> bytes:
    from weasyprint import HTML  # imported here: it loads Pango, which only this export needs

    # The page links nothing; refusing every fetch keeps text typed by users from reaching files or URLs.
    return HTML(string=pack_html(pack, request), url_fetcher=_refuse_fetch).write_pdf()


def _refuse_fetch(url: str, *args, **kwargs):
    raise ValueError(f"The evaluation pack fetches nothing ({url}).")


def _sheet(workbook: Workbook, title: str, header: list[str], rows: list[list]) -> None:
    sheet = workbook.create_sheet(title)
    spreadsheets.append_row(sheet, header)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        spreadsheets.append_row(sheet, row)
    sheet.freeze_panes = "A2"


def pack_xlsx(pack: Pack) -> bytes:
    """Sheets: Scorecards (one row per partner), Summary (field × regency), Agreements (to act on)."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    _sheet(
        workbook,
        _("Scorecards"),
        [
            _("Partner"),
            _("Type"),
            _("Status"),
            _("Referrals received"),
            _("Accepted"),
            _("Declined"),
            _("Answered late"),
            _("Days to accept"),
            _("Sessions held"),
            _("Sessions attended"),
            _("Attendance rate (%)"),
            _("Outcomes rated"),
            _("Outcomes achieved"),
            _("Under way now"),
            _("Group activities"),
            _("Agreement"),
            _("Agreement ends"),
        ],
        [
            [
                c.partner.name,
                c.partner.get_kind_display(),
                c.partner.get_status_display(),
                c.received,
                c.accepted,
                c.declined,
                c.answered_late,
                c.days_to_accept,
                c.sessions_held,
                c.sessions_attended,
                c.attendance_percent,
                c.outcomes_rated,
                c.outcomes_achieved,
                c.current,
                c.activities,
                c.agreement.label,
                c.agreement.ends_on,
            ]
            for c in pack.cards
        ],
    )
    summary = pack.summary
    header = [_("Regency or city"), _("Clients under supervision")]
    for _code, label in summary.fields:
        header += [
            _("%(field)s: partners") % {"field": label},
            _("%(field)s: referred") % {"field": label},
            _("%(field)s: need, no partner") % {"field": label},
        ]
    rows = []
    for row in summary.rows:
        values = [row.regency.name, row.clients]
        for cell in row.ordered_cells:
            values += [cell.partners, cell.referred, cell.unmet]
        rows.append(values)
    _sheet(workbook, _("Summary"), header, rows)
    warnings = pack.warnings
    agreements = [
        *((_("Ended, not renewed"), a) for a in warnings.expired),
        *((_("Ending within 30 days"), a) for a in warnings.within_30),
        *((_("Ending within 90 days"), a) for a in warnings.within_90),
    ]
    _sheet(
        workbook,
        _("Agreements"),
        [_("Warning"), _("Partner"), _("Agreement number"), _("Ends")],
        [[label, a.partner.name, a.number_office, a.ends_on] for label, a in agreements]
        + [[_("No agreement in force"), p.name, "", None] for p in warnings.without_agreement],
    )
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
