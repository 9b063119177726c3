"""How apps above litmas contribute to its pages without litmas importing them.

`officer_suggesters`: functions `suggest(request, officers) -> int | None` that name one of `officers` (the
active PKs of the request's section) to write the Litmas, or None. The assign form marks the first suggestion
given. The allocation app registers the PK with the lowest workload (allocation/litmas_suggest.py).
"""

from lib.registry import Registry

officer_suggesters = Registry("Litmas officer suggesters")


def suggest_officer(request, officers) -> int | None:
    """The id of the PK the first suggester proposes, or None (no suggester, or none has an opinion)."""
    for suggest in officer_suggesters.entries():
        officer_id = suggest(request, officers)
        if officer_id is not None:
            return officer_id
    return None
