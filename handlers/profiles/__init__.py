"""/profiles: client-group profiles of a region and their portrait cards (seed 002)."""
