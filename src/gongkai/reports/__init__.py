"""Annual reports (条例第四十九、五十条) computed from the platform's data through
gongkai.annual.
"""
