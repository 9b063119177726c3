from django.test import SimpleTestCase

from lib.ids import parse_id


class ParseIdTestCase(SimpleTestCase):
    def test_ids(self):
        self.assertEqual(parse_id("12"), 12)
        for bad in (None, "", "x", "²", "١٢", "-1", "0", "1e3", " 1", "99999999999999999999"):
            with self.subTest(value=bad):
                self.assertIsNone(parse_id(bad))
