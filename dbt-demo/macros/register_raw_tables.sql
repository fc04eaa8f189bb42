{#-
    on-run-start: make the raw tables the dbt sources name readable to the engine.
    DuckDB: nothing to do, the extract assets wrote them into the same database file.
    Spark: the extract assets wrote each raw table as a Parquet folder under
    IETA_SPARK_DIR/raw/<table> (a lake layout: on a cluster that is shared storage); each is
    (re)registered as an external table of schema raw, so a new extract is read as it is now.
-#}
{% macro register_raw_tables() -%}
    {{ return(adapter.dispatch('register_raw_tables', 'ieta')()) }}
{%- endmacro %}

{% macro default__register_raw_tables() -%}
    select 1
{%- endmacro %}

{% macro spark__register_raw_tables() -%}
    {%- if execute -%}
        {%- set raw_dir = env_var('IETA_SPARK_RAW_URI', env_var('IETA_SPARK_DIR', '../.spark') ~ '/raw') -%}
        {%- do run_query('create database if not exists raw') -%}
        {%- for source in graph.sources.values() if source.schema == 'raw' -%}
            {%- do run_query('drop table if exists raw.' ~ source.identifier) -%}
            {%- do run_query(
                'create table raw.' ~ source.identifier ~ " using parquet location '"
                ~ raw_dir ~ '/' ~ source.identifier ~ "'") -%}
        {%- endfor -%}
    {%- endif -%}
    select 1
{%- endmacro %}
