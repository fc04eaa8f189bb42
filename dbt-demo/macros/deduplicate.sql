{#-
    Cleaning rule 1: keep one row per partition, the first after ordering.
    relation: a CTE name or relation; columns: the (quoted) output column list;
    partition_by / order_by: lists of SQL expressions.
-#}
{% macro deduplicate(relation, columns, partition_by, order_by) -%}
    {{ return(adapter.dispatch('deduplicate', 'ieta')(relation, columns, partition_by, order_by)) }}
{%- endmacro %}

{% macro default__deduplicate(relation, columns, partition_by, order_by) -%}
    select {{ columns | join(', ') }}
    from (
        select
            *,
            row_number() over (
                partition by {{ partition_by | join(', ') }}
                order by {{ order_by | join(', ') }}
            ) as ieta_row_number
        from {{ relation }}
    ) as numbered
    where ieta_row_number = 1
{%- endmacro %}

{% macro duckdb__deduplicate(relation, columns, partition_by, order_by) -%}
    select {{ columns | join(', ') }}
    from {{ relation }}
    qualify row_number() over (
        partition by {{ partition_by | join(', ') }}
        order by {{ order_by | join(', ') }}
    ) = 1
{%- endmacro %}

{#- Ascending, nulls last, for every column (the contract's tie-break order). -#}
{% macro asc_nulls_last(columns) -%}
    {%- set out = [] -%}
    {%- for c in columns -%}
        {%- do out.append(c ~ ' asc nulls last') -%}
    {%- endfor -%}
    {{ return(out) }}
{%- endmacro %}
