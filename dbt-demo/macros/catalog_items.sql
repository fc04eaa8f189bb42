{#- What identifies a catalog item (docs/data-contract.md, "Catalog"). The demo LMS's catalog is
    district-wide: an item is its assignment_name. A OneRoster export's line items belong to
    their class: an item is (assignment_name, course_id, section_id), the class in its grain.
    int_catalog_items carries course_id / section_id on both paths (null for the APIs). -#}
{% macro catalog_item_keys() -%}
    {%- if var('ieta_source') == 'files' -%}
        {{ return(['assignment_name', 'course_id', 'section_id']) }}
    {%- else -%}
        {{ return(['assignment_name']) }}
    {%- endif -%}
{%- endmacro %}

{#- The join condition of a cell (or any relation with the item keys) to its catalog item. -#}
{% macro catalog_item_match(left, right) -%}
    {%- for key in ieta.catalog_item_keys() -%}
        {{ left }}.{{ key }} = {{ right }}.{{ key }}{% if not loop.last %} and {% endif %}
    {%- endfor -%}
{%- endmacro %}

{#- The catalog item's surrogate key, from the columns of `relation` (a table alias). -#}
{% macro catalog_item_key(relation) -%}
    {%- set columns = [] -%}
    {%- for key in ieta.catalog_item_keys() -%}
        {%- do columns.append(relation ~ '.' ~ key) -%}
    {%- endfor -%}
    {{ ieta.surrogate_key(columns) }}
{%- endmacro %}
