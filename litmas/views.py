"""Pages of the Litmas requests: record, lists and queues, one request's flow. (Built in issue 13.)"""

from __future__ import annotations

urlpatterns: list = []
