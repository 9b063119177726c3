from django.test import SimpleTestCase

from lib import params


class ParamsTestCase(SimpleTestCase):
    def test_text_drops_what_nobody_types(self):
        self.assertEqual(params.text("  Budi "), "Budi")
        self.assertEqual(params.text(None), "")
        self.assertEqual(params.text("\x00"), "")
        self.assertEqual(params.text("32.09\x00"), "")
        self.assertEqual(params.text("x" * 101), "")
        self.assertEqual(params.text("32.09", max_length=5), "32.09")

    def test_choice_keeps_only_a_known_value(self):
        self.assertEqual(params.choice("pk", ["pk", "apk"]), "pk")
        self.assertEqual(params.choice("\x00", ["pk", "apk"]), "")
        self.assertEqual(params.choice(None, ["pk"], "pk"), "pk")
