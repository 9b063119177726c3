"""Parts of the client page contributed by other apps.

A panel is `func(request, client, episode) -> str | None`: the HTML of one card (usually from
`render_to_string(..., request=request)`), or None when it has nothing to show to this user.
Each panel runs a fixed number of queries and checks the user's abilities itself.

    from clients.panels import client_page

    @client_page.register("violations", order=40)
    def violations_panel(request, client, episode): ...
"""

from lib.registry import Registry

client_page = Registry("client page")


def render_panels(request, client, episode) -> list[str]:
    """The HTML of every registered panel that has something to show, in order.

    While they render, `client.panel_memo` is a dict the panels share, so a read two panels need (the client's
    violations: their card and the log card) runs once; it is removed afterwards, so nothing stale outlives the page.
    """
    client.panel_memo = {}
    try:
        return [html for _key, func in client_page.items() if (html := func(request, client, episode))]
    finally:
        del client.panel_memo
