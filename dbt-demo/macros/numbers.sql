{#- Round half away from zero to n decimals (DuckDB round() on DOUBLE; the reference
    recomputation rounds the same way, docs/data-contract.md). -#}
{% macro round_half_away(expr, n) -%}
    {{ return(adapter.dispatch('round_half_away', 'ieta')(expr, n)) }}
{%- endmacro %}

{% macro default__round_half_away(expr, n) -%}
    cast(round(cast({{ expr }} as numeric), {{ n }}) as {{ dbt.type_float() }})
{%- endmacro %}

{% macro duckdb__round_half_away(expr, n) -%}
    round(cast({{ expr }} as double), {{ n }})
{%- endmacro %}
