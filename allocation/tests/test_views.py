"""The workload page: who sees whose load, the totals, the sort, the history, the home-page card."""

import datetime
from decimal import Decimal as D

from django.urls import reverse

from allocation.models import WorkloadSnapshot
from allocation.tests.base import WorkloadTestCase, reduce

URL = reverse("allocation:workload")


class WorkloadPageTests(WorkloadTestCase):
    def officers_on_page(self, user, **params):
        self.client.force_login(user)
        response = self.client.get(URL, params)
        self.assertEqual(response.status_code, 200)
        return [row.officer for row in response.context["table"].rows], response

    def test_the_head_sees_every_pk_of_the_office(self):
        officers, response = self.officers_on_page(self.hana)
        self.assertEqual(set(officers), {self.olivia, self.bella})
        self.assertContains(response, "<td>Jumlah</td>", html=False)  # the office's total row, in Indonesian
        self.assertNotContains(response, self.pat.full_name)

    def test_a_section_head_sees_only_their_section(self):
        self.assertEqual(self.officers_on_page(self.sam)[0], [self.olivia])
        officers, response = self.officers_on_page(self.bianca)
        self.assertEqual(officers, [self.bella])
        self.assertNotContains(response, self.olivia.full_name)

    def test_another_office_sees_none_of_cirebon(self):
        officers, response = self.officers_on_page(self.joko)
        self.assertEqual(officers, [])
        self.assertContains(response, 'class="empty"')

    def test_a_pk_sees_only_their_own_load(self):
        self.speak_english()
        officers, response = self.officers_on_page(self.olivia)
        self.assertEqual(officers, [self.olivia])
        self.assertIsNone(response.context["table"].total)
        self.assertContains(response, "My workload")
        self.assertNotContains(response, self.bella.full_name)
        self.assertNotContains(response, "?sort=")

    def test_other_roles_are_refused(self):
        for user in (self.reggie, self.rita, self.alan, self.ada, self.kim, self.paula, self.nadia):
            with self.subTest(user=user.username):
                self.client.force_login(user)
                self.assertEqual(self.client.get(URL).status_code, 403)

    def test_over_capacity_is_highlighted(self):
        reduce(self.olivia, "36", starts_on=self.TODAY, ends_on=self.TODAY)  # 1.5 h left: 4.8 points
        self.client.force_login(self.sam)
        response = self.client.get(URL)
        self.assertContains(response, 'class="over"')
        self.assertContains(response, '<b class="tag danger">322,9%</b>', html=False)

    def test_sort_links_and_order(self):
        officers, response = self.officers_on_page(self.hana, sort="name")
        self.assertEqual(officers, [self.bella, self.olivia])
        self.assertContains(response, 'href="?sort=-name"')
        self.assertContains(response, 'aria-sort="ascending"')
        officers, _ = self.officers_on_page(self.hana, sort="-name")
        self.assertEqual(officers, [self.olivia, self.bella])
        officers, _ = self.officers_on_page(self.hana, sort="<script>")
        self.assertEqual(officers, [self.olivia, self.bella])  # the default: the fullest first

    def test_history_and_empty_months(self):
        WorkloadSnapshot.objects.create(
            officer=self.olivia,
            office=self.cirebon,
            month=datetime.date(2026, 6, 1),
            points=D("150"),
            capacity_points=D("120"),
            clients=40,
        )
        _officers, response = self.officers_on_page(self.sam)
        self.assertContains(response, "125,0%")
        self.assertContains(response, 'id="workload-history"')
        self.assertContains(response, '<th class="num">Juni 2026</th>', html=False)

    def test_the_home_page_links_the_page_for_those_who_may_open_it(self):
        for user, shown in [
            (self.hana, True),
            (self.sam, True),
            (self.olivia, True),
            (self.rita, False),
            (self.alan, False),
        ]:
            with self.subTest(user=user.username):
                self.client.force_login(user)
                response = self.client.get(reverse("dashboard:home"))
                if shown:
                    self.assertContains(response, URL)
                else:
                    self.assertNotContains(response, URL)
