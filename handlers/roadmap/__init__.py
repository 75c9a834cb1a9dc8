"""/roadmap: the journey-pilot roadmap of a region (seed 003)."""
