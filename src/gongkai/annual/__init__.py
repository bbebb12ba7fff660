"""The annual report core (政府信息公开工作年度报告, 国办公开办函〔2021〕30号).

Pure Python, no Django: the format as data (:mod:`.format`), the report object
(:mod:`.model`), its checks, readers and writers.
"""

from .format import FORMAT_ID
from .model import Active, Finding, NarrativeSection, Report

__all__ = ["FORMAT_ID", "Active", "Finding", "NarrativeSection", "Report"]
