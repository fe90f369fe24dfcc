"""Schedules, all in Asia/Shanghai time. They run as soon as the daemon runs (`make dev`,
`dg dev`); `COURTS_SCHEDULES=stopped` starts them stopped, to be turned on in the UI.

- daily ingest at 02:00;
- weekly alerts on Monday 07:30, as of that Monday (周提醒);
- monthly bulletin on the 1st at 08:00, for the month just ended (月通报);
- quarterly performance, rankings and bulletin at 03:00 on the first day after each quarter,
  for the quarter just ended.
"""
from datetime import date, timedelta

import dagster as dg

from pipelines.jobs import ingest_job, monthly_job, quarterly_job, weekly_job
from runtime import TIMEZONE
from warehouse.periods import last_complete_quarter
from warehouse.settings import Settings

TZ = TIMEZONE


def default_status(settings: Settings) -> dg.DefaultScheduleStatus:
    if settings.schedules not in ("running", "stopped"):
        raise ValueError(f"COURTS_SCHEDULES={settings.schedules!r}: use running or stopped")
    return dg.DefaultScheduleStatus.RUNNING if settings.schedules == "running" else dg.DefaultScheduleStatus.STOPPED


STATUS = default_status(Settings.from_env())

daily_ingest = dg.ScheduleDefinition(
    name="daily_ingest", job=ingest_job, cron_schedule="0 2 * * *", execution_timezone=TZ,
    default_status=STATUS,
    description="Ingest the day's exports every night.",
)


def weekly_run_config(as_of: date) -> dict:
    d = as_of.isoformat()
    return {
        "ops": {
            "deadline_alerts": {"config": {"as_of_dates": [d]}},
            "long_pending_cases": {"config": {"as_of_dates": [d]}},
            "weekly_reminder": {"config": {"as_of_date": d}},
        }
    }


@dg.schedule(job=weekly_job, cron_schedule="30 7 * * 1", execution_timezone=TZ, default_status=STATUS,
             description="周提醒: deadline alerts as of Monday morning.")
def weekly_alerts(context: dg.ScheduleEvaluationContext):
    as_of = context.scheduled_execution_time.date()
    return dg.RunRequest(run_key=f"weekly-{as_of}", run_config=weekly_run_config(as_of))


def monthly_run_config(month: str) -> dict:
    return {"ops": {"monthly_bulletin": {"config": {"month": month}}}}


@dg.schedule(job=monthly_job, cron_schedule="0 8 1 * *", execution_timezone=TZ, default_status=STATUS,
             description="月通报 for the month just ended.")
def monthly_bulletin_schedule(context: dg.ScheduleEvaluationContext):
    last_month = context.scheduled_execution_time.date().replace(day=1) - timedelta(days=1)
    month = last_month.strftime("%Y-%m")
    return dg.RunRequest(run_key=f"monthly-{month}", run_config=monthly_run_config(month))


def quarter_just_ended(today: date) -> str:
    """Partition key (quarter label, e.g. 2024Q4) of the last quarter that ended before `today`."""
    return last_complete_quarter(today - timedelta(days=1))


@dg.schedule(job=quarterly_job, cron_schedule="0 3 1 1,4,7,10 *", execution_timezone=TZ, default_status=STATUS,
             description="Quarterly tables, rankings and bulletin for the quarter just ended.")
def quarterly_after_quarter(context: dg.ScheduleEvaluationContext):
    key = quarter_just_ended(context.scheduled_execution_time.date())
    return dg.RunRequest(run_key=f"quarterly-{key}", partition_key=key)

SCHEDULES = [daily_ingest, weekly_alerts, monthly_bulletin_schedule, quarterly_after_quarter]
