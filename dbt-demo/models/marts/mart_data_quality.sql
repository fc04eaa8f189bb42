-- Data quality ledger: one row per cleaning / identity rule and source table
-- (docs/data-contract.md), so nothing the pipeline drops, changes or ignores disappears silently.
-- The rules a source meets depend on the source (var ieta_source): the API feeds' ledger is
-- int_data_quality__apis, the drop folder's int_data_quality__files (both ephemeral, compiled
-- into this model). severity 'warning' is a defect of the source (is_warning when it affected
-- anything: a WARN check, never a failed run), 'info' what a normal export holds.
with ledger as (
    {% if var('ieta_source') == 'files' -%}
    select * from {{ ref('int_data_quality__files') }}
    {%- else -%}
    select * from {{ ref('int_data_quality__apis') }}
    {%- endif %}
)

select
    rule_id,
    rule,
    source_table,
    description,
    severity,
    unit,
    cast(rows_in as bigint) as rows_in,
    cast(rows_out as bigint) as rows_out,
    cast(coalesce(rows_affected, 0) as bigint) as rows_affected,
    severity = 'warning' and coalesce(rows_affected, 0) > 0 as is_warning,
    details
from ledger
