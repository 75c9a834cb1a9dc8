"""The journey-pilot roadmap of a region (seed 003): programme, steps, meetings, reminders."""
