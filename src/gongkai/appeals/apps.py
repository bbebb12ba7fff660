"""行政复议、行政诉讼 about disclosure work (条例第五十一条), counted in table 四 of the annual
report.
"""

from django.apps import AppConfig


class AppealsConfig(AppConfig):
    name = "gongkai.appeals"
    label = "appeals"
    verbose_name = "行政复议和行政诉讼"

    def ready(self) -> None:
        from gongkai.appeals.services import ACTION_LABELS
        from gongkai.core.audit import ACTION_LABELS as LABELS

        LABELS.update(ACTION_LABELS)
