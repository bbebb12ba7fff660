"""行政复议、行政诉讼 about disclosure work (条例第五十一条), counted in table 四 of the annual
report.
"""
