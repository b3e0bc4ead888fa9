"""Pure-Python screening engine for Dutch benefit schemes (no Django imports).

Entry points: ``facts.parse_household``, ``engine.screen``, ``engine.work_pays``,
``engine.sociaal_minimum_monthly``, ``engine.household_net_income_monthly``,
``catalogue.load_regulations`` / ``load_parameter_records``, ``params.resolve_parameters``.
"""
