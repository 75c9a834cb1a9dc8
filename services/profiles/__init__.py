"""Client-group profiles of a region (seed 002): the template, the rules, the portrait card."""
