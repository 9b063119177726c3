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
    """The HTML of every registered panel that has something to show, in order."""
    return [html for _key, func in client_page.items() if (html := func(request, client, episode))]
