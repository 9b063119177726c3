"""Rupiah as the interface writes it: "Rp996.000.000" (dot thousands, no decimals), "-Rp5.000" below zero."""

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation


def rupiah(value) -> str:
    """`value` (int, Decimal, float or digits as text) as rupiah; "" for None or empty, the text itself if not
    a number."""
    if value is None or value == "":
        return ""
    try:
        amount = Decimal(str(value)).quantize(Decimal(1), rounding=ROUND_HALF_UP)
    except InvalidOperation:
        return str(value)
    sign = "-" if amount < 0 else ""
    return f"{sign}Rp{abs(int(amount)):,}".replace(",", ".")
