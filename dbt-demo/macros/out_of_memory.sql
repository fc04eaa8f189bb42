{#-
    on-run-end: when a node failed because DuckDB ran out of memory, end the run with an error
    that names the setting to raise. DuckDB spills joins, aggregates and sorts to its temp
    directory (<warehouse>.tmp) to stay under memory_limit (profiles.yml); what cannot spill
    needs room, and the message DuckDB gives ("could not allocate block ...") does not say where
    the limit comes from.
-#}
{% macro explain_out_of_memory(results) -%}
    {%- if execute and target.type == 'duckdb' -%}
        {%- set nodes = [] -%}
        {%- for result in results
            if result.status in ('error', 'fail', 'runtime error')
            and 'out of memory' in (result.message or '') | lower -%}
            {%- do nodes.append(result.node.name) -%}
        {%- endfor -%}
        {%- if nodes -%}
            {{ exceptions.raise_compiler_error(
                "DuckDB ran out of memory building " ~ nodes | join(", ") ~ " under its memory_limit of "
                ~ env_var('DBT_DUCKDB_MEMORY_LIMIT', '1GB') ~ ". Raise it with the environment variable "
                ~ "DBT_DUCKDB_MEMORY_LIMIT (for example DBT_DUCKDB_MEMORY_LIMIT=4GB; dbt-demo/profiles.yml), "
                ~ "or make room on the disk of " ~ env_var('DBT_DUCKDB_PATH', 'dev.duckdb')
                ~ ".tmp, where DuckDB spills, and run again."
            ) }}
        {%- endif -%}
    {%- endif -%}
{%- endmacro %}
