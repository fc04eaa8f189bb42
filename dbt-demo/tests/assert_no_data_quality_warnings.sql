-- One row per data-quality warning: a rule of mart_data_quality with severity 'warning' that
-- affected something. Severity warn: a defect of the sources is reported (a WARN asset check of
-- mart_data_quality in Dagster, a line of the ./run.sh summary), never a failed run.
{{ config(severity='warn') }}

select rule_id, rule, source_table, unit, rows_affected, details
from {{ ref('mart_data_quality') }}
where is_warning
