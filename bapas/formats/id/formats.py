"""The site's date formats (issue 10, point 2): one for dates, one for date-times, in every language.

Templates write `{{ day|date }}` and `{{ moment|date:"DATETIME_FORMAT" }}`; Python code calls
`lib.dates.site_date()` / `site_datetime()`. Letters and sentences addressed to a client write the
month in words through `lib.dates.long_date()` (the `long_date` template filter). Anything else is
read from Django's locale module (input formats, separators).
"""

DATE_FORMAT = "d-m-Y"
DATETIME_FORMAT = "d-m-Y H:i"
SHORT_DATE_FORMAT = DATE_FORMAT
SHORT_DATETIME_FORMAT = DATETIME_FORMAT
TIME_FORMAT = "H:i"
