{#- SQL types of the natural identifiers, decided once for every model (text is the adapter's
    string type: Spark refuses a bare varchar). -#}
{% macro student_id_type() -%}bigint{%- endmacro %}
{% macro course_id_type() -%}{{ dbt.type_string() }}{%- endmacro %}
{% macro section_id_type() -%}{{ dbt.type_string() }}{%- endmacro %}
