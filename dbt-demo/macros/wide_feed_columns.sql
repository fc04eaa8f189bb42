{#-
    The dynamic columns of the two wide feeds (docs/data-contract.md, "Item columns and day
    columns"). Day and item names are never written into the SQL: the staging models choose them
    from their source's columns (date_named_columns, and the catalog's names for the gradebook),
    and every later model reads them back from the staging view (day_columns, item_columns), so
    it depends on staging and never on a raw table.

    dbt compiles a model just before running it, after its parents, so the relation read here
    already exists. While dbt only parses (`execute` is false) every macro returns an empty list;
    the ref() / source() passed in is still recorded as a dependency.
-#}

{#- Column names of a relation, in column order. -#}
{% macro column_names(relation) -%}
    {%- if not execute -%}
        {{ return([]) }}
    {%- endif -%}
    {{ return(adapter.get_columns_in_relation(relation) | map(attribute='name') | list) }}
{%- endmacro %}

{#- Names of the columns of a relation whose name is a calendar date (YYYY-MM-DD), sorted. -#}
{% macro date_named_columns(relation) -%}
    {%- set days = [] -%}
    {%- for name in ieta.column_names(relation) if ieta.is_date_name(name) -%}
        {%- do days.append(name) -%}
    {%- endfor -%}
    {{ return(days | sort) }}
{%- endmacro %}

{#- Distinct non-null values of one column (a catalog's item names), read with run_query.
    Empty while parsing, or when the relation does not exist yet (`dbt compile` on an empty
    database). -#}
{% macro column_values(relation, column) -%}
    {%- if not execute or load_relation(relation) is none -%}
        {{ return([]) }}
    {%- endif -%}
    {%- set result = run_query(
        "select distinct " ~ adapter.quote(column) ~ " from " ~ relation
        ~ " where " ~ adapter.quote(column) ~ " is not null order by 1"
    ) -%}
    {{ return(result.columns[0].values() | list) }}
{%- endmacro %}

{% macro attendance_id_columns() -%}
    {{ return(['student_id', 'student_name', 'course_id', 'section_id']) }}
{%- endmacro %}

{% macro gradebook_id_columns() -%}
    {{ return(['student_id', 'student_name', 'course_id', 'section_id', 'teacher', 'teacher_id', 'current_grade']) }}
{%- endmacro %}

{#- Day columns of stg_sis__attendance: all its non-id columns (staging kept only dates). -#}
{% macro day_columns(staged_attendance) -%}
    {{ return(ieta.column_names(staged_attendance) | reject('in', ieta.attendance_id_columns()) | list) }}
{%- endmacro %}

{#- Item columns of stg_lms__gradebook: all its non-id columns (staging kept only catalog items). -#}
{% macro item_columns(staged_gradebook) -%}
    {{ return(ieta.column_names(staged_gradebook) | reject('in', ieta.gradebook_id_columns()) | list) }}
{%- endmacro %}
