"""Questions to a centre's specialists from any step (issue 13): the rules, no messenger."""
