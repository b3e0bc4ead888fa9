"""Labels of the regulations' codes, registered in `core.presentation.labels` from `ready()`.

A screening outcome reads the same on the case page, in the API's consumers and in a
breakthrough's rule table.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy

OUTCOME_LABELS = {
    "eligible": gettext_lazy("Recht"),
    "not_eligible": gettext_lazy("Geen recht"),
    "insufficient_data": gettext_lazy("Gegevens ontbreken"),
}
