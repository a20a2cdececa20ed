"""Routes by area: events (with reviews, timeline, map), actors, reports (indicators, articles,
briefs), API docs, and the pages."""
