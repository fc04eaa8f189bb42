-- Source-neutral: the catalog items the gradebook carries (graded for every gradebook
-- enrollment), one row per assignment_name. APIs: the item columns of stg_lms__gradebook, read
-- at compile time. Files: every catalog item's name (each is a line item of its class).
{% if var('ieta_source') == 'files' -%}
select distinct assignment_name
from {{ ref('int_catalog_items') }}
{%- else -%}
{%- set item_columns = ieta.item_columns(ref('stg_lms__gradebook')) %}
select assignment_name
from {{ ref('int_catalog_items') }}
where assignment_name in {{ ieta.sql_string_list(item_columns) }}
{%- endif %}
