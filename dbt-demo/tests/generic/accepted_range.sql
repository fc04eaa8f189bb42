{#-
    Values of a numeric column lie within [min_value, max_value] (nulls pass).
      data_tests:
        - accepted_range:
            arguments: {min_value: 0, max_value: 100}
-#}
{% test accepted_range(model, column_name, min_value=none, max_value=none) %}
select {{ column_name }}
from {{ model }}
where {{ column_name }} is not null
  and (
    1 = 0
    {% if min_value is not none %} or {{ column_name }} < {{ min_value }}{% endif %}
    {% if max_value is not none %} or {{ column_name }} > {{ max_value }}{% endif %}
  )
{% endtest %}
