"""The head's and section head's per-officer overview: its figures come from aggregates and plain rows, and
equal what the former per-episode computation (model instances, every part's full rows) gave."""

import datetime
import re
from collections import Counter
from pathlib import Path
from unittest import mock

from django.conf import settings
from django.db import connection
from django.db.models import Q
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from accounts.models import Jenjang, Role, Section
from bapas.test import BaseTestCase, make_user
from clients.codes import OPEN_STATUSES, EpisodeStatus
from clients.models import ProgramEpisode
from clients.tests.factories import make_client
from dashboard import queues
from supervision import selectors as reporting
from supervision.models import CheckIn

TODAY = BaseTestCase.TODAY
DAY = datetime.timedelta(days=1)
NOON = datetime.time(10)


def reference_overview(user, *, today):
    """The overview as computed before the aggregates (kept here as the oracle)."""
    officers = list(queues.officers_visible_to(user))
    summaries = {o.pk: queues.OfficerSummary(o) for o in officers}
    ids = list(summaries)
    episodes_qs = ProgramEpisode.objects.filter(
        Q(officer_id__in=ids) | Q(assistant_id__in=ids), office_id=user.office_id, status__in=OPEN_STATUSES
    )
    episodes = list(episodes_qs.select_related("rule_set").order_by())
    reporting.prefetch_schedule(episodes)
    checkins = reporting.checkins_by_episode(e.pk for e in episodes)
    horizon = today + datetime.timedelta(days=reporting.WEEK_DAYS)
    owners = {}
    for episode in episodes:
        rows = [summaries[i] for i in (episode.officer_id, episode.assistant_id) if i in summaries]
        owners[episode.pk] = rows
        mine = checkins.get(episode.pk, [])
        open_dates = reporting.unrecorded_dates(episode, mine, until=horizon)
        left = (episode.ends_on - today).days
        bucket = next((d for d in queues.ENDING_BUCKETS if 0 <= left <= d), None)
        for row in rows:
            row.caseload += 1
            if bucket:
                row.ending[bucket] += 1
            if episode.status != EpisodeStatus.ACTIVE:
                continue
            if any(d < today for d in open_dates) or reporting.missed_in_a_row(mine):
                row.overdue += 1
            row.report_today += today in open_dates
            row.report_week += any(today < d for d in open_dates)
    for part in queues.queue_parts():
        for item in part.selector(episodes_qs, today=today):
            for row in owners.get(queues._episode_id(item), []):
                row.extra[part.key] += 1
    return summaries


def figures(row):
    return (
        row.caseload,
        row.report_today,
        row.report_week,
        row.overdue,
        dict(row.ending),
        {k: v for k, v in Counter(row.extra).items() if v},
    )


class OverviewFiguresTestCase(BaseTestCase):
    def record_all_before(self, episode, day, *, last=CheckIn.Outcome.ATTENDED):
        """Check-ins for every scheduled date before `day`; the latest one with outcome `last`."""
        dates = [d for d in reporting.scheduled_dates(episode) if d < day]
        for d in dates:
            outcome = last if d == dates[-1] else CheckIn.Outcome.ATTENDED
            at = timezone.make_aware(datetime.datetime.combine(d, NOON))
            occurred = None if outcome == CheckIn.Outcome.MISSED else at
            CheckIn.objects.create(
                episode=episode, office=episode.office, due_on=d, outcome=outcome, occurred_at=occurred
            )
        return dates

    def test_figures_equal_the_former_per_episode_computation(self):
        bka = make_user("bima", Role.PK, office=self.cirebon, section=Section.BKD, jenjang=Jenjang.AHLI_PERTAMA)
        # Nobody reported since June 2025: overdue.
        make_client(self.cirebon, officer=self.olivia)
        # Every date recorded: not overdue; its next date falls after today.
        up_to_date = make_client(self.cirebon, officer=self.olivia, assistant=self.alan).current_episode
        self.record_all_before(up_to_date, TODAY)
        # Every date recorded but the latest was missed: overdue by the missed-in-a-row rule.
        missed = make_client(self.cirebon, officer=bka).current_episode
        self.record_all_before(missed, TODAY, last=CheckIn.Outcome.MISSED)
        # A gap in the middle of an otherwise complete record: overdue.
        gap = make_client(self.cirebon, officer=bka).current_episode
        dates = self.record_all_before(gap, TODAY)
        CheckIn.objects.filter(episode=gap, due_on=dates[len(dates) // 2]).delete()
        # Due today and due this week: start moved so a scheduled date falls on today / in three days.
        for offset in (0, 3):
            episode = make_client(self.cirebon, officer=bka).current_episode
            schedule = reporting.scheduled_dates(episode)
            first = schedule[0]
            shift = (TODAY + offset * DAY) - first
            ProgramEpisode.objects.filter(pk=episode.pk).update(
                starts_on=episode.starts_on + shift, ends_on=episode.ends_on + shift
            )
        # Ending soon, and a suspended (open but not active) episode.
        ending = make_client(self.cirebon, officer=self.olivia).current_episode
        ProgramEpisode.objects.filter(pk=ending.pk).update(ends_on=TODAY + 40 * DAY)
        paused = make_client(self.cirebon, officer=bka, assistant=self.alan).current_episode
        others = [s for s in OPEN_STATUSES if s != EpisodeStatus.ACTIVE]
        if others:
            ProgramEpisode.objects.filter(pk=paused.pk).update(status=others[0])
        for user in (self.hana, self.sam):
            expected = {pk: figures(row) for pk, row in reference_overview(user, today=TODAY).items()}
            got = {row.officer.pk: figures(row) for row in queues.officers_overview(user, today=TODAY)}
            self.assertEqual(got, expected)
        rows = {row.officer.username: row for row in queues.officers_overview(self.hana, today=TODAY)}
        self.assertEqual(rows["olivia"].overdue, 2)  # the silent client and the ending one, not the up-to-date one
        self.assertEqual(rows["alan"].overdue, 0)  # the up-to-date one (shared with olivia) and the paused one
        self.assertEqual(rows["bima"].overdue, 2)  # the missed one and the gap
        self.assertEqual(rows["bima"].report_today, 1)
        self.assertEqual(rows["bima"].report_week, 1)

    def test_head_home_query_count_does_not_grow_with_officers_or_clients(self):
        make_client(self.cirebon, officer=self.olivia)
        self.client.force_login(self.hana)
        self.client.get("/")
        with CaptureQueriesContext(connection) as few:
            self.assertEqual(self.client.get("/").status_code, 200)
        for n in range(3):
            officer = make_user(
                f"extra{n}", Role.PK, office=self.cirebon, section=Section.BKD, jenjang=Jenjang.AHLI_PERTAMA
            )
            for _ in range(3):
                episode = make_client(self.cirebon, officer=officer, assistant=self.alan).current_episode
                self.record_all_before(episode, TODAY, last=CheckIn.Outcome.MISSED)
        with CaptureQueriesContext(connection) as many:
            self.assertEqual(self.client.get("/").status_code, 200)
        self.assertEqual(len(many), len(few), [q["sql"] for q in many.captured_queries])


class HeadHomeLayoutTestCase(BaseTestCase):
    def setUp(self):
        super().setUp()
        self.speak_english()

    def test_decisions_come_first_and_the_officer_table_is_collapsed(self):
        make_client(self.cirebon, officer=self.olivia)
        self.client.force_login(self.hana)
        with translation.override("en"):
            html = self.client.get("/").content.decode()
        approvals = html.index("Phase changes waiting for your approval")
        officers = html.index('id="officers"')
        self.assertLess(approvals, officers)
        self.assertLess(approvals, html.index("Open the client list"))
        self.assertEqual(html.count("Phase changes waiting for your approval"), 1)  # not rendered twice
        self.assertIn('<details class="officers-table">', html[officers:])

    def test_the_officer_table_is_not_computed_for_the_home_page_but_loads_when_opened(self):
        """Every officer's queue is the costly part of the home: the page carries only the box and the count."""
        make_client(self.cirebon, officer=self.olivia)
        for user in (self.hana, self.sam):
            with self.subTest(user=user.username):
                self.client.force_login(user)
                with mock.patch("dashboard.queues.officers_overview") as overview:
                    home = self.client.get("/")
                overview.assert_not_called()
                url = reverse("dashboard:officers_table")
                self.assertContains(home, f'hx-get="{url}"')
                count = queues.officers_visible_to(user).count()
                self.assertContains(home, f"{count} officer")
                fragment = self.client.get(url, headers={"HX-Request": "true"})
                self.assertTemplateUsed(fragment, "dashboard/_officers_table.html")
                self.assertNotContains(fragment, "<html")
                self.assertContains(fragment, reverse("dashboard:officer_queue", args=[self.olivia.pk]))
                page = self.client.get(url)  # without JavaScript: a page of its own
                self.assertContains(page, "<html")
                self.assertContains(page, "Olivia Putri")

    def test_a_danger_tag_keeps_the_danger_colours(self):
        """`.tag` sets a background after `.danger`; a rule for `.tag.danger` (more specific) must restore it."""
        css = (Path(settings.BASE_DIR) / "static" / "css" / "bapas.css").read_text(encoding="utf-8")
        rule = re.search(r"\.tag\.danger\s*\{([^}]*)\}", css)
        self.assertIsNotNone(rule)
        self.assertIn("background:var(--bad)", rule.group(1).replace(" ", ""))
        self.assertIn("color:#fff", rule.group(1).replace(" ", ""))


class OverviewEdgeCasesTestCase(BaseTestCase):
    """The aggregate figures (check-ins as one GROUP BY row per episode) against the oracle on a cast of edge cases."""

    record_all_before = OverviewFiguresTestCase.record_all_before

    def checkin(self, episode, day, outcome=CheckIn.Outcome.ATTENDED, **fields):
        occurred = (
            None if outcome == CheckIn.Outcome.MISSED else timezone.make_aware(datetime.datetime.combine(day, NOON))
        )
        if outcome == CheckIn.Outcome.EXCUSED:
            fields.setdefault("excuse_reason", "Sakit")
        return CheckIn.objects.create(
            episode=episode, office=episode.office, due_on=day, outcome=outcome, occurred_at=occurred, **fields
        )

    def shift_to(self, episode, first_report):
        """Move the episode so that its first scheduled date falls on `first_report`."""
        shift = first_report - reporting.scheduled_dates(episode)[0]
        ProgramEpisode.objects.filter(pk=episode.pk).update(
            starts_on=episode.starts_on + shift, ends_on=episode.ends_on + shift
        )
        return ProgramEpisode.objects.get(pk=episode.pk)

    def assert_equal_to_oracle(self):
        for user in (self.hana, self.sam):
            with self.subTest(user=user.username):
                expected = {pk: figures(row) for pk, row in reference_overview(user, today=TODAY).items()}
                got = {row.officer.pk: figures(row) for row in queues.officers_overview(user, today=TODAY)}
                self.assertEqual(got, expected)

    def test_edge_cases_equal_the_oracle(self):
        from supervision.models import ReportingSettings, ScheduleChange

        new = lambda: make_client(self.cirebon, officer=self.olivia).current_episode  # noqa: E731
        # Started mid-period: the first date is in five days (this week), nothing is due yet.
        self.shift_to(new(), TODAY + 5 * DAY)
        # Reported remotely on every date, and early (the time differs from the date).
        remote = new()
        for day in self.record_all_before(remote, TODAY):
            CheckIn.objects.filter(episode=remote, due_on=day).update(outcome=CheckIn.Outcome.ATTENDED_REMOTE)
        # Excused, moved to a date in the past that nobody recorded: overdue through the moved date only.
        moved_past = new()
        dates = self.record_all_before(moved_past, TODAY)
        CheckIn.objects.filter(episode=moved_past, due_on=dates[-1]).delete()
        self.checkin(moved_past, dates[-1], CheckIn.Outcome.EXCUSED, rescheduled_to=TODAY - 2 * DAY)
        # Excused, moved to today (due today) and to next week (due this week); another to after the horizon.
        for target in (TODAY, TODAY + 4 * DAY, TODAY + 30 * DAY):
            episode = new()
            dates = self.record_all_before(episode, TODAY)
            CheckIn.objects.filter(episode=episode, due_on=dates[-1]).delete()
            self.checkin(episode, dates[-1], CheckIn.Outcome.EXCUSED, rescheduled_to=target)
        # Missed long ago, but every later date attended: not overdue (the latest was kept).
        recovered = new()
        dates = self.record_all_before(recovered, TODAY)
        CheckIn.objects.filter(episode=recovered, due_on=dates[0]).update(
            outcome=CheckIn.Outcome.MISSED, occurred_at=None
        )
        # A check-in on a date off the schedule does not cover the scheduled one it replaced.
        off = new()
        dates = self.record_all_before(off, TODAY)
        CheckIn.objects.filter(episode=off, due_on=dates[-2]).update(due_on=dates[-2] + DAY)
        # Intensified to every 3 days from a week ago (sanction): its dates count, the rule set's pause.
        tight = new()
        self.record_all_before(tight, TODAY - 7 * DAY)
        ScheduleChange.objects.create(
            episode=tight, office=tight.office, interval_days=3, starts_on=TODAY - 7 * DAY, reason="Sanksi"
        )
        # Suspended with dates unrecorded (never counted), completed and revoked (not open: not in the overview).
        for status in (EpisodeStatus.SUSPENDED, EpisodeStatus.COMPLETED, EpisodeStatus.REVOKED):
            ProgramEpisode.objects.filter(pk=new().pk).update(status=status)
        # Ending within 30 days and already past its end (an open episode whose end has passed).
        ProgramEpisode.objects.filter(pk=new().pk).update(ends_on=TODAY + 10 * DAY)
        ProgramEpisode.objects.filter(pk=new().pk).update(ends_on=TODAY - 10 * DAY)
        self.assert_equal_to_oracle()
        olivia = {row.officer.username: row for row in queues.officers_overview(self.hana, today=TODAY)}["olivia"]
        self.assertEqual(olivia.report_today, 1)  # moved to today
        self.assertGreaterEqual(olivia.report_week, 2)  # mid-period start, moved to next week (and the sanction)
        # The office starts tracking today: every earlier unrecorded date stops counting.
        ReportingSettings.objects.create(office=self.cirebon, tracked_from=TODAY)
        self.assert_equal_to_oracle()

    def test_digest_matches_the_check_ins(self):
        episode = make_client(self.cirebon, officer=self.olivia).current_episode
        dates = self.record_all_before(episode, TODAY, last=CheckIn.Outcome.MISSED)
        CheckIn.objects.filter(episode=episode, due_on=dates[0]).update(
            outcome=CheckIn.Outcome.EXCUSED, excuse_reason="Sakit", rescheduled_to=dates[0] + 3 * DAY
        )
        empty = make_client(self.cirebon, officer=self.olivia).current_episode
        digests = reporting.checkin_digests(ProgramEpisode.objects.filter(pk__in=[episode.pk, empty.pk]))
        self.assertNotIn(empty.pk, digests)
        digest = digests[episode.pk]
        self.assertEqual(digest.recorded, frozenset(dates))
        self.assertEqual(digest.moved, (dates[0] + 3 * DAY,))
        self.assertTrue(digest.last_missed)
        checkins = list(CheckIn.objects.filter(episode=episode))
        horizon = TODAY + 7 * DAY
        self.assertEqual(
            reporting.digest_unrecorded_dates(episode, digest, until=horizon),
            reporting.unrecorded_dates(episode, checkins, until=horizon),
        )
