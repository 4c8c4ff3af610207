"""``watchfloor serve``: the analyst's local web app (pages, JSON API and review)."""
