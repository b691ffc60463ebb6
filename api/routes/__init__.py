"""One router per area: regions, scenarios, runs, results and the forms."""
