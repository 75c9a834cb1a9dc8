"""Questions to a centre's specialists (issue 13): the asker's side (asker.py), the staff's
(staff.py), /tickets and /templates (manage.py), the scheduler's jobs (jobs.py)."""
