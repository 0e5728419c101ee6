"""The planner, one builder per kind of page or file. Each takes its paths from the route table
(site/routes.py) and its cards from the shared context (context.py), and returns page specs or
output files; site/plan.py puts them together in the site's order."""
