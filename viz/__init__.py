"""Solara front end of the magnet-ecosystem model (issue 3); see `viz.app`."""
