{{ config(enabled=var('ieta_source') == 'files') }}
select 'X' as rule_id, 'x' as rule, 'raw.x' as source_table, 'x' as description, 'info' as severity,
    'rows' as unit, null as rows_in, null as rows_out, 0 as rows_affected, cast(null as {{ dbt.type_string() }}) as details
