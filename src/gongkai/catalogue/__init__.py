"""主动公开 (条例第三章): the catalogue of disclosed records, its categories, the publishing
workflow and the search selector.
"""
