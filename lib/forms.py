"""Showing a service's refusal on the form that submitted it."""

from django.core.exceptions import ValidationError


def apply_errors(exc: ValidationError, form) -> None:
    """Attach a service's ValidationError to the form's visible fields; the rest go to the form as a whole.

    Services raise `{field: message}` (or one message); a field the form does not show (absent or hidden)
    would swallow its message, so it is shown above the form instead.
    """
    if not hasattr(exc, "error_dict"):
        form.add_error(None, exc)
        return
    for name, errors in exc.message_dict.items():
        visible = name in form.fields and not form.fields[name].widget.is_hidden
        form.add_error(name if visible else None, errors)
