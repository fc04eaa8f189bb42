{#-
    Dynamic columns of the wide feeds. Item and day column names are never hard-coded:
    they are read from the source relations at compile time (docs/data-contract.md,
    "Item columns and day columns"). Outside execution (dbt parse) they return empty lists.
-#}

{% macro attendance_id_columns() -%}
    {{ return(['student_id', 'student_name', 'course_id', 'section_id']) }}
{%- endmacro %}

{% macro gradebook_id_columns() -%}
    {{ return(['student_id', 'student_name', 'course_id', 'section_id', 'teacher', 'current_grade']) }}
{%- endmacro %}

{#- Adapter Column objects of a relation (empty when not executing or missing). -#}
{% macro ieta_columns_of(relation) -%}
    {%- if not execute -%}
        {{ return([]) }}
    {%- endif -%}
    {{ return(adapter.get_columns_in_relation(relation)) }}
{%- endmacro %}

{#- Attendance day columns: every column whose name parses as a date, sorted by date. -#}
{% macro attendance_day_columns() -%}
    {%- set days = [] -%}
    {%- for col in ieta_columns_of(source('sis', 'attendance')) -%}
        {%- if col.name not in attendance_id_columns() and ieta.is_date_name(col.name) -%}
            {%- do days.append(col.name) -%}
        {%- endif -%}
    {%- endfor -%}
    {{ return(days | sort) }}
{%- endmacro %}

{#- Attendance columns that are neither id columns nor dates: ignored (and counted). -#}
{% macro attendance_ignored_columns() -%}
    {%- set ignored = [] -%}
    {%- for col in ieta_columns_of(source('sis', 'attendance')) -%}
        {%- if col.name not in attendance_id_columns() and not ieta.is_date_name(col.name) -%}
            {%- do ignored.append(col.name) -%}
        {%- endif -%}
    {%- endfor -%}
    {{ return(ignored) }}
{%- endmacro %}

{#- Item names listed in the assignment catalog (raw values). -#}
{% macro catalog_item_names() -%}
    {%- if not execute -%}
        {{ return([]) }}
    {%- endif -%}
    {%- set rel = source('lms', 'assignments') -%}
    {%- if adapter.get_relation(rel.database, rel.schema, rel.identifier) is none -%}
        {{ return([]) }}
    {%- endif -%}
    {%- set result = run_query("select distinct cast(assignment_name as " ~ dbt.type_string() ~ ") as n from " ~ rel ~ " where assignment_name is not null") -%}
    {{ return(result.columns[0].values() | list) }}
{%- endmacro %}

{#- Gradebook item columns: gradebook columns whose name equals a catalog assignment_name,
    in gradebook column order. Returns Column objects (the raw type decides the cast). -#}
{% macro gradebook_item_columns() -%}
    {%- set names = catalog_item_names() -%}
    {%- set items = [] -%}
    {%- for col in ieta_columns_of(source('lms', 'gradebook')) -%}
        {%- if col.name not in gradebook_id_columns() and col.name in names -%}
            {%- do items.append(col) -%}
        {%- endif -%}
    {%- endfor -%}
    {{ return(items) }}
{%- endmacro %}

{#- Gradebook columns that are neither id columns nor catalog items: ignored (and counted). -#}
{% macro gradebook_ignored_columns() -%}
    {%- set names = catalog_item_names() -%}
    {%- set ignored = [] -%}
    {%- for col in ieta_columns_of(source('lms', 'gradebook')) -%}
        {%- if col.name not in gradebook_id_columns() and col.name not in names -%}
            {%- do ignored.append(col.name) -%}
        {%- endif -%}
    {%- endfor -%}
    {{ return(ignored) }}
{%- endmacro %}

{#- Catalog items with no gradebook column: ignored for grading (and counted). -#}
{% macro catalog_items_without_column() -%}
    {%- set present = [] -%}
    {%- for col in ieta_columns_of(source('lms', 'gradebook')) -%}
        {%- do present.append(col.name) -%}
    {%- endfor -%}
    {%- set missing = [] -%}
    {%- for n in catalog_item_names() -%}
        {%- if n not in present -%}
            {%- do missing.append(n) -%}
        {%- endif -%}
    {%- endfor -%}
    {{ return(missing | sort) }}
{%- endmacro %}

{#- A SQL list of string literals (for "x in (...)" filters); never empty. -#}
{% macro sql_string_list(values) -%}
    {%- if values | length == 0 -%}
        (cast(null as {{ dbt.type_string() }}))
    {%- else -%}
        ({% for v in values %}'{{ v | replace("'", "''") }}'{% if not loop.last %}, {% endif %}{% endfor %})
    {%- endif -%}
{%- endmacro %}
