"""The Litmas request flow (domain notes §6.1) as plain data, without Django models:

    received → disposed → assigned → gathering → draft → board → approved → final → acknowledged → sent

A revision (from the board, or a correction before sending) loops back to draft; a request can be cancelled
from any state before it is sent; a request can be reassigned to another PK until the report is signed.
The state of a request is never set by hand: it is what its sequence of steps leads to (`derive_state`).
"""

from __future__ import annotations

from collections.abc import Iterable

from litmas.codes import State, Step

# step → (the states it may follow, the state it leads to)
TRANSITIONS: dict[str, tuple[frozenset[str], str]] = {
    Step.RECEIVE: (frozenset(), State.RECEIVED),
    Step.DISPOSE: (frozenset({State.RECEIVED}), State.DISPOSED),
    Step.ASSIGN: (frozenset({State.DISPOSED, State.ASSIGNED, State.GATHERING, State.DRAFT}), State.ASSIGNED),
    Step.GATHER: (frozenset({State.ASSIGNED}), State.GATHERING),
    Step.DRAFT: (frozenset({State.GATHERING}), State.DRAFT),
    Step.SUBMIT: (frozenset({State.DRAFT}), State.BOARD),
    Step.APPROVE: (frozenset({State.BOARD}), State.APPROVED),
    Step.REVISE: (frozenset({State.BOARD, State.APPROVED, State.FINAL, State.ACKNOWLEDGED}), State.DRAFT),
    Step.SIGN: (frozenset({State.APPROVED}), State.FINAL),
    Step.ACKNOWLEDGE: (frozenset({State.FINAL}), State.ACKNOWLEDGED),
    Step.SEND: (frozenset({State.ACKNOWLEDGED}), State.SENT),
    Step.CANCEL: (frozenset(State) - {State.SENT, State.CANCELLED}, State.CANCELLED),
}

# The report can be edited only in these states.
EDITABLE_STATES = frozenset({State.GATHERING, State.DRAFT})


class StepRefused(ValueError):
    """A step that may not follow the current state."""

    def __init__(self, step: str, state: str | None) -> None:
        super().__init__(f"{step} may not follow {state}")
        self.step, self.state = step, state


def next_state(state: str | None, step: str) -> str:
    """The state `step` leads to from `state` (None: a request not yet recorded); StepRefused if not allowed."""
    allowed_from, to = TRANSITIONS[step]
    if step == Step.RECEIVE:
        if state is not None:
            raise StepRefused(step, state)
        return to
    if state not in allowed_from:
        raise StepRefused(step, state)
    return to


def derive_state(steps: Iterable[str]) -> str:
    """The state a sequence of steps leads to; StepRefused when the sequence breaks the flow."""
    state: str | None = None
    for step in steps:
        state = next_state(state, step)
    if state is None:
        raise StepRefused("", None)
    return state


def allowed_steps(state: str) -> list[str]:
    """The steps that may follow `state`, in the flow's order."""
    return [step for step, (allowed_from, _to) in TRANSITIONS.items() if state in allowed_from]
