{#- SQL types of the natural identifiers, decided once for every model. -#}
{% macro student_id_type() -%}bigint{%- endmacro %}
{% macro course_id_type() -%}varchar{%- endmacro %}
{% macro section_id_type() -%}varchar{%- endmacro %}
