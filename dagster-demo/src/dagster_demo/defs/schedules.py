"""A nightly refresh of the whole graph, off until someone turns it on in the UI."""

import dagster as dg

nightly_refresh = dg.ScheduleDefinition(
    name="nightly_refresh",
    target="*",
    cron_schedule="0 5 * * *",  # 05:00, before the school day starts
    execution_timezone="America/Boise",
    default_status=dg.DefaultScheduleStatus.STOPPED,
    description="Extract every source and rebuild the warehouse each morning.",
)
