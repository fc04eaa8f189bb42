{#- SQL types of the natural identifiers, decided once for every model (text is the adapter's
    string type: Spark refuses a bare varchar). A student id is text: the SIS's own student
    number, leading zeros and letters kept ('01002', 'S-1234'). -#}
{% macro student_id_type() -%}{{ dbt.type_string() }}{%- endmacro %}
{% macro course_id_type() -%}{{ dbt.type_string() }}{%- endmacro %}
{% macro section_id_type() -%}{{ dbt.type_string() }}{%- endmacro %}

{#- The demo APIs send student ids as whole numbers: an id is the number's decimal text
    (' 0042' and 42 are both '42'); a value that is not a whole number is no id (rule 7). -#}
{% macro api_student_id(column) -%}
    cast(try_cast({{ column }} as bigint) as {{ ieta.student_id_type() }})
{%- endmacro %}
