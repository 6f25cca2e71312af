"""Assurance: the clinical safety case (DCB0129), the DPIA's data inventory and retention.

The hazard log tools (`hazard_log`, `safety_case`, `change_check`) are plain Python with no Django,
so `make lint` and `make safety-case` run them without a database. `retention` and `inventory` are
the Django parts: the daily retention job and the DPIA's field-by-field inventory.
This app sits at the top: it may read every other app; nothing imports it.
"""
