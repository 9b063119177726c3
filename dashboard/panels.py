"""Parts of the home page contributed by other apps (for example agreement expiry warnings).

A panel is `func(request) -> str | None`: the HTML of one card for this user, or None. Each panel
checks the user's role or abilities itself and runs a fixed number of queries.
"""

from lib.registry import home_page


def render_panels(request) -> list[str]:
    return [html for _key, func in home_page.items() if (html := func(request))]
