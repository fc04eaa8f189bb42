{#-
  Post-hook of the table models (see dbt_project.yml): logs how many rows the table now holds.
  Shown on the console of a dbt run, and read by the Dagster component, which attaches the count
  to the asset's materialization (it cannot ask DuckDB itself while dbt holds the file).
-#}
{% macro log_row_count() %}
    {%- if execute -%}
        {%- set result = run_query("select count(*) from " ~ this) -%}
        {%- do log(this.schema ~ "." ~ this.identifier ~ " holds " ~ result.columns[0].values()[0] ~ " rows", info=True) -%}
    {%- endif -%}
{% endmacro %}
