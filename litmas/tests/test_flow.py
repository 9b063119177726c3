"""The flow as a table (every allowed and refused step) and its derived state."""

from django.test import SimpleTestCase
from hypothesis import given
from hypothesis import strategies as st

from litmas import flow
from litmas.codes import State, Step

HAPPY_PATH = [
    Step.RECEIVE,
    Step.DISPOSE,
    Step.ASSIGN,
    Step.GATHER,
    Step.DRAFT,
    Step.SUBMIT,
    Step.APPROVE,
    Step.SIGN,
    Step.ACKNOWLEDGE,
    Step.SEND,
]
# The state each step of the flow may follow (domain notes §6.1), written out independently of flow.TRANSITIONS.
EXPECTED_FROM = {
    Step.DISPOSE: {"received"},
    Step.ASSIGN: {"disposed", "assigned", "gathering", "draft"},
    Step.GATHER: {"assigned"},
    Step.DRAFT: {"gathering"},
    Step.SUBMIT: {"draft"},
    Step.APPROVE: {"board"},
    Step.REVISE: {"board", "approved", "final", "acknowledged"},
    Step.SIGN: {"approved"},
    Step.ACKNOWLEDGE: {"final"},
    Step.SEND: {"acknowledged"},
    Step.CANCEL: {s.value for s in State} - {"sent", "cancelled"},
}


class FlowTableTests(SimpleTestCase):
    def test_the_happy_path_ends_sent(self):
        self.assertEqual(flow.derive_state(HAPPY_PATH), State.SENT)

    def test_every_step_from_every_state_is_allowed_or_refused_as_the_domain_says(self):
        for step, allowed in EXPECTED_FROM.items():
            for state in State:
                with self.subTest(step=step, state=state):
                    if state in allowed:
                        flow.next_state(state, step)
                    else:
                        with self.assertRaises(flow.StepRefused):
                            flow.next_state(state, step)

    def test_a_request_is_received_once(self):
        self.assertEqual(flow.next_state(None, Step.RECEIVE), State.RECEIVED)
        for state in State:
            with self.assertRaises(flow.StepRefused):
                flow.next_state(state, Step.RECEIVE)
        with self.assertRaises(flow.StepRefused):
            flow.next_state(None, Step.DISPOSE)

    def test_revision_loops_back_to_draft_and_the_report_is_signed_again(self):
        steps = [*HAPPY_PATH[:8], Step.REVISE, Step.SUBMIT, Step.APPROVE, Step.SIGN]
        self.assertEqual(flow.derive_state(steps), State.FINAL)

    def test_allowed_steps_lists_what_may_follow(self):
        self.assertEqual(flow.allowed_steps(State.BOARD), [Step.APPROVE, Step.REVISE, Step.CANCEL])
        self.assertEqual(flow.allowed_steps(State.SENT), [])

    @given(st.lists(st.sampled_from(list(Step)), max_size=14))
    def test_any_sequence_either_breaks_the_flow_or_replays_step_by_step(self, steps):
        state = None
        try:
            derived = flow.derive_state([Step.RECEIVE, *steps])
        except flow.StepRefused:
            return
        for step in [Step.RECEIVE, *steps]:
            state = flow.next_state(state, step)
        self.assertEqual(derived, state)
        if Step.SEND in steps:  # nothing follows a sent report
            self.assertEqual(steps[-1], Step.SEND)
