"""`{% once_field %}`: the hidden one-time token of a create form (see submissions.services)."""

from django import template
from django.utils.html import format_html

from submissions import services

register = template.Library()


@register.simple_tag
def once_field() -> str:
    """A fresh token on every render, so a form shown again with its errors can be sent again."""
    return format_html('<input type="hidden" name="{}" value="{}">', services.FIELD, services.new_key())
