"""Cards on the partner page contributed by other apps (the referrals app adds the partner's referrals).

A card is `func(request, partner) -> str | None`: the HTML of one card, or None. Each card checks the
user's abilities itself and runs a fixed number of queries.
"""

from lib.registry import Registry

partner_page = Registry("partner page")


def render_partner_cards(request, partner) -> list[str]:
    return [html for _key, func in partner_page.items() if (html := func(request, partner))]
