"""The test suite's clock: no test reads the real date.

Two tools, both built on time-machine:

- `FrozenClockMixin` stops the clock at the class's `NOW` for a whole test class, `setUpTestData`
  included. `bapas.test.BaseTestCase` uses it, so every test built on the shared cast runs on the same
  day whatever the calendar says. A subclass that travels elsewhere itself (decorated with
  `@time_machine.travel(...)`, as `violations/tests/base.py` is) keeps its own date, and so does a
  subclass that only sets another `NOW`.
- `BAPAS_TEST_CLOCK_SHIFT_DAYS=<days>` moves the whole pytest process that many days ahead, with
  a ticking clock, before any test runs (the root conftest calls `start_shift_from_environment`).
  Classes that freeze their own clock still override it; a test that reads the real date without
  freezing it shows up as a failure when CI runs the suite two years ahead (`.ci/run`, step 4).
"""

from __future__ import annotations

import datetime
import os
import time
import zoneinfo
from collections.abc import Mapping

import time_machine

SHIFT_ENV = "BAPAS_TEST_CLOCK_SHIFT_DAYS"
JAKARTA = zoneinfo.ZoneInfo("Asia/Jakarta")

# The process-wide shift, when one is active (see start_shift_from_environment).
_shift: time_machine.travel | None = None


def shift_days(environ: Mapping[str, str] = os.environ) -> int:
    """The number of days BAPAS_TEST_CLOCK_SHIFT_DAYS asks for (0 when unset or empty)."""
    raw = environ.get(SHIFT_ENV, "").strip()
    if not raw:
        return 0
    try:
        return int(raw)
    except ValueError:
        raise ValueError(f"{SHIFT_ENV} must be a whole number of days, not {raw!r}") from None


def start_shift(days: int) -> time_machine.travel:
    """Move the clock `days` days ahead of the real time, ticking from there. Call `stop_shift` to end it."""
    global _shift
    if _shift is not None:
        raise RuntimeError("The test clock is already shifted.")
    shift = time_machine.travel(time.time() + days * 86400, tick=True)
    shift.start()
    _shift = shift
    return shift


def stop_shift() -> None:
    global _shift
    if _shift is not None:
        _shift.stop()
        _shift = None


def start_shift_from_environment(environ: Mapping[str, str] = os.environ) -> int:
    """Start the shift the environment asks for; return its days (0: the real clock stays)."""
    days = shift_days(environ)
    if days:
        start_shift(days)
    return days


def travelling_beyond_shift() -> bool:
    """Whether something besides the process-wide shift has moved the clock (a class or test travelling).

    time-machine keeps one stack of travellers for the process; the innermost wins.
    """
    return len(time_machine.traveller_stack) > (1 if _shift is not None else 0)


class FrozenClockMixin:
    """Stops the clock at `NOW` (an aware datetime) from `setUpClass` to `tearDownClass`.

    Mix in before the Django test case class: `class MyCase(FrozenClockMixin, TestCase)`. If the clock was
    already moved when the class is set up (the class or a subclass is decorated with
    `@time_machine.travel`, whose travel starts before this `setUpClass` runs), that date stays.
    """

    NOW: datetime.datetime

    @classmethod
    def setUpClass(cls) -> None:
        cls._frozen_clock = None
        if not travelling_beyond_shift():
            cls._frozen_clock = time_machine.travel(cls.NOW, tick=False)
            cls._frozen_clock.start()
        try:
            super().setUpClass()  # type: ignore[misc]  # Django's setUpClass runs setUpTestData
        except BaseException:
            cls._stop_frozen_clock()
            raise

    @classmethod
    def tearDownClass(cls) -> None:
        try:
            super().tearDownClass()  # type: ignore[misc]
        finally:
            cls._stop_frozen_clock()

    @classmethod
    def _stop_frozen_clock(cls) -> None:
        if cls.__dict__.get("_frozen_clock") is not None:
            cls._frozen_clock.stop()
            cls._frozen_clock = None
