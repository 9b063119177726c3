"""The office's allocation policy: the head sets the continuity threshold (and the seniority cost); the proposals
and the rebalance use it; bad input, a stale form and everyone else are refused."""

from decimal import Decimal

from django.urls import reverse

from allocation import selectors, services
from allocation.engine import Weights
from allocation.models import AllocationPolicy
from allocation.tests.test_rebalance import RebalanceTestCase
from audit.models import AuditEvent

URL = reverse("allocation:policy")


class PolicyTests(RebalanceTestCase):
    def test_an_office_without_a_policy_uses_the_engines_defaults(self):
        self.assertEqual(selectors.weights_for(self.cirebon.pk), Weights())

    def test_the_head_sets_the_threshold_and_the_rebalance_pays_it(self):
        first = self.proposal(self.sam, 5).moves[0]
        self.assertEqual(first.parts[2], 10.0)  # the default threshold
        self.client.force_login(self.hana)
        response = self.client.post(URL, {"continuity": "150", "seniority": "20"})
        self.assertRedirects(response, reverse("allocation:workload"))
        policy = AllocationPolicy.objects.get(office=self.cirebon)
        self.assertEqual(
            (policy.continuity, policy.seniority, policy.updated_by), (Decimal("150"), Decimal("20"), self.hana)
        )
        self.assertEqual(selectors.weights_for(self.cirebon.pk).continuity, 150.0)
        # the same move now pays 150 and gains 140 less
        again = self.proposal(self.sam, 5).moves[0]
        self.assertEqual((again.client, again.parts[2]), (first.client, 150.0))
        self.assertAlmostEqual(again.gain, first.gain - 140)
        # at 200 no move gains enough: the clients keep their PK
        self.client.force_login(self.hana)
        self.client.post(URL, {"continuity": "200", "seniority": "20", "version": policy.version})
        self.assertEqual(self.proposal(self.sam, 5).moves, [])
        event = AuditEvent.objects.get(action="allocation_policy.created")
        self.assertEqual(event.changes["continuity"], ["10", "150"])
        # another office keeps the defaults
        self.assertEqual(selectors.weights_for(self.bandung.pk), Weights())

    def test_bad_input_and_a_stale_form_change_nothing(self):
        self.speak_english()
        self.client.force_login(self.hana)
        response = self.client.post(URL, {"continuity": "-1", "seniority": "abc"})
        self.assertEqual(response.status_code, 200)
        self.assertFalse(AllocationPolicy.objects.exists())
        services.policy_set(
            acting_user=self.hana, continuity=Decimal("12"), seniority=Decimal("15"), expected_version=None
        )
        loaded = AllocationPolicy.objects.get().version
        services.policy_set(
            acting_user=self.hana, continuity=Decimal("14"), seniority=Decimal("15"), expected_version=loaded
        )
        response = self.client.post(URL, {"continuity": "30", "seniority": "15", "version": loaded})
        self.assertContains(response, "changed by someone else")
        self.assertEqual(AllocationPolicy.objects.get().continuity, Decimal("14"))

    def test_only_the_head_sets_it(self):
        for user in (self.sam, self.olivia, self.reggie, self.ada, self.paula):
            self.client.force_login(user)
            self.assertEqual(self.client.post(URL, {"continuity": "1", "seniority": "1"}).status_code, 403, user)
        self.assertFalse(AllocationPolicy.objects.exists())
