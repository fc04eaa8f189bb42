{#-
    Grain test: no two rows share the same values of the given columns (natural key).
    Usage (dbt 1.10+):
      data_tests:
        - unique_combination:
            arguments:
              columns: [student_id, course_id, section_id]
-#}
{% test unique_combination(model, columns) %}
select
    {{ columns | join(', ') }},
    count(*) as n_rows
from {{ model }}
group by {{ columns | join(', ') }}
having count(*) > 1
{% endtest %}
