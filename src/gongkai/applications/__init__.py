"""依申请公开 (条例第四章): applications from receipt to archive, their events, clocks, outcomes,
documents and fees.
"""
