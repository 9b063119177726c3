"""Every page carries the Content-Security-Policy (django-csp): no inline script, style or handler runs."""

from django.http import HttpResponse
from django.test import RequestFactory
from django.urls import reverse

from lib.csp import CSPMiddleware
from supervision.tests.base import EnglishTestCase

POLICY = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "img-src": "'self'",
    "object-src": "'none'",
    "base-uri": "'self'",
    "frame-ancestors": "'none'",
    "form-action": "'self'",
}


def directives(header: str) -> dict[str, str]:
    return dict(part.strip().split(" ", 1) for part in header.split(";") if part.strip())


class ContentSecurityPolicyTestCase(EnglishTestCase):
    def assert_policy(self, response):
        self.assertEqual(response.status_code, 200)
        self.assertEqual(directives(response["Content-Security-Policy"]), POLICY)
        html = response.content.decode()
        self.assertNotRegex(html, r"<script(?![^>]*\bsrc=)")  # no inline script
        self.assertNotRegex(html, r"\son[a-z]+=")  # no inline event handler
        self.assertNotRegex(html, r"<style|\sstyle=")  # no inline style

    def test_the_login_page_carries_the_policy(self):
        self.assert_policy(self.client.get(reverse("accounts:login")))

    def test_staff_pages_carry_the_policy(self):
        self.client.force_login(self.olivia)
        for url in (reverse("dashboard:home"), reverse("clients:detail", args=[self.budi.pk])):
            with self.subTest(url):
                self.assert_policy(self.client.get(url))

    def test_the_clients_personal_reporting_page_carries_the_policy(self):
        permission = self.allow_remote()
        self.assert_policy(self.client.get(reverse("supervision:lapor", args=[permission.token])))

    def test_htmx_adds_no_inline_style_and_evaluates_nothing(self):
        self.client.force_login(self.olivia)
        page = self.client.get(reverse("dashboard:home"))
        self.assertContains(
            page,
            '<meta name="htmx-config" content=\'{"includeIndicatorStyles": false, "allowEval": false, '
            '"allowScriptTags": false}\'>',
        )

    def test_a_pdf_goes_without_the_policy_which_would_blank_chromiums_viewer(self):
        request = RequestFactory().get("/partners/scorecards/pack.pdf")
        middleware = CSPMiddleware(lambda r: HttpResponse(b"%PDF-1.7", content_type="application/pdf"))
        self.assertNotIn("Content-Security-Policy", middleware(request))
        html = CSPMiddleware(lambda r: HttpResponse(b"<p>"))(RequestFactory().get("/"))
        self.assertEqual(directives(html["Content-Security-Policy"]), POLICY)
