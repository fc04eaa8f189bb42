{#-
    Dynamic columns of the two wide feeds (docs/data-contract.md, "Item columns and day columns").
    Day and item names are never written into the SQL. They are decided once, in staging:

    - stg_sis__attendance and stg_lms__gradebook read their source's columns (source_day_columns,
      source_item_columns) and keep only the id columns plus the valid day / item columns, cast;
    - every later model reads the names back from those staging views (day_columns, item_columns,
      always called with a ref()), so it depends on staging and never on a raw table.

    dbt compiles a model just before running it, after its parents, so the staging view read here
    already exists. While dbt only parses (no database, `execute` is false), every macro here
    returns an empty list; the ref() / source() passed in is still recorded as a dependency.
-#}

{% macro attendance_id_columns() -%}
    {{ return(['student_id', 'student_name', 'course_id', 'section_id']) }}
{%- endmacro %}

{% macro gradebook_id_columns() -%}
    {{ return(['student_id', 'student_name', 'course_id', 'section_id', 'teacher', 'current_grade']) }}
{%- endmacro %}

{#- Adapter Column objects of a relation, in column order (empty while parsing). -#}
{% macro ieta_columns_of(relation) -%}
    {%- if not execute -%}
        {{ return([]) }}
    {%- endif -%}
    {{ return(adapter.get_columns_in_relation(relation)) }}
{%- endmacro %}

{#- Column names of a relation, in column order (empty while parsing). -#}
{% macro column_names(relation) -%}
    {{ return(ieta.ieta_columns_of(relation) | map(attribute='name') | list) }}
{%- endmacro %}

{#- Staging only. The attendance source's day columns: non-id columns whose name parses as a
    real date, sorted by date. Others are dropped by staging (counted in mart_data_quality). -#}
{% macro source_day_columns(attendance_source) -%}
    {%- set days = [] -%}
    {%- for name in ieta.column_names(attendance_source) -%}
        {%- if name not in ieta.attendance_id_columns() and ieta.is_date_name(name) -%}
            {%- do days.append(name) -%}
        {%- endif -%}
    {%- endfor -%}
    {{ return(days | sort) }}
{%- endmacro %}

{#- Staging only. The gradebook source's item columns: non-id columns whose name equals a catalog
    assignment_name, in gradebook order. Column objects, because the raw type decides the cast. -#}
{% macro source_item_columns(gradebook_source, catalog_names) -%}
    {%- set items = [] -%}
    {%- for col in ieta.ieta_columns_of(gradebook_source) -%}
        {%- if col.name not in ieta.gradebook_id_columns() and col.name in catalog_names -%}
            {%- do items.append(col) -%}
        {%- endif -%}
    {%- endfor -%}
    {{ return(items) }}
{%- endmacro %}

{#- Distinct non-null assignment_name values of the catalog (stg_lms__assignments), read with
    run_query. Empty while parsing, or when the catalog view does not exist yet (`dbt compile`
    on an empty database). -#}
{% macro catalog_item_names(catalog) -%}
    {%- if not execute or load_relation(catalog) is none -%}
        {{ return([]) }}
    {%- endif -%}
    {%- set result = run_query(
        "select distinct assignment_name from " ~ catalog ~ " where assignment_name is not null"
    ) -%}
    {{ return(result.columns[0].values() | list) }}
{%- endmacro %}

{#- Day columns of stg_sis__attendance: all its non-id columns (staging kept only valid days). -#}
{% macro day_columns(staged_attendance) -%}
    {{ return(ieta.column_names(staged_attendance) | reject('in', ieta.attendance_id_columns()) | list) }}
{%- endmacro %}

{#- Item columns of stg_lms__gradebook: all its non-id columns (staging kept only catalog items). -#}
{% macro item_columns(staged_gradebook) -%}
    {{ return(ieta.column_names(staged_gradebook) | reject('in', ieta.gradebook_id_columns()) | list) }}
{%- endmacro %}
