"""Signals other apps send when a client's guidance changes, so apps built on it can follow.

`episode_ended(sender, episode, reason, acting_user)` is sent inside the transaction that ends an episode
(closed, revoked, transferred out); receivers run in it, so a refusal rolls the whole change back.
"""

from django.dispatch import Signal

episode_ended = Signal()
