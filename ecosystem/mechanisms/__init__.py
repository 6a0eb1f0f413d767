"""The equations of DESIGN.md §4, one small pure function each, grouped by mechanism.

Agents call these; tests check them alone. None draws random numbers or reads model state.
"""
