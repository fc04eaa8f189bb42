{#-
    Exact arithmetic for every figure a teacher sees (docs/business-rules.md): computed exactly, then
    rounded half away from zero on the exact value, so that no engine's float rounding can change
    a number (DuckDB 2.0 rounds the double 43.15 to 43.1; the exact 43.15 shows as 43.2).

    Source values (scores, current grades) are read as decimal(9, 4): a feed's 84.35 is the
    decimal 84.35, not the nearest double. Sums of decimals and counts are exact; a quotient is
    rounded with integer division. Nothing here goes through a double.
-#}

{#- The exact type of source scores and grades: up to 4 decimal places. -#}
{% macro score_type() -%}
    decimal(9, 4)
{%- endmacro %}

{#- The type of a shown figure with `decimals` places (grades, percentages: 1; rates: 3). -#}
{% macro shown_type(decimals) -%}
    decimal({{ 5 + decimals }}, {{ decimals }})
{%- endmacro %}

{#- 10^-decimals as an exact decimal literal (0.1, 0.001). -#}
{% macro decimal_unit(decimals) -%}
    {{ '1' if decimals == 0 else '0.' ~ '0' * (decimals - 1) ~ '1' }}
{%- endmacro %}

{#- An exact decimal value (at most 4 places), rounded half away from zero to `decimals`
    places: 84.35 -> 84.4, -0.05 -> -0.1. -#}
{% macro round_half_away(expr, decimals) -%}
    cast(
        {{ ieta.sign_of(expr) }} * floor(abs({{ expr }}) * {{ 10 ** decimals }} + 0.5) * {{ ieta.decimal_unit(decimals) }}
        as {{ ieta.shown_type(decimals) }}
    )
{%- endmacro %}

{#- numerator / denominator rounded half away from zero to `decimals` places, exactly: the
    numerator is an exact value (an integer, or a decimal of at most 4 places: a sum of scores),
    the denominator a count. Null when the denominator is 0 or null.
    With N = numerator * 10^4 (an integer) and d = denominator, the rounded quotient in units of
    10^-decimals is floor((2 * N * 10^decimals + d * 10^4) / (2 * d * 10^4)) for N >= 0. -#}
{% macro ratio_half_away(numerator, denominator, decimals) -%}
    case when {{ denominator }} > 0 then
        cast(
            {{ ieta.sign_of(numerator) }}
            * {{ ieta.integer_divide(
                '2 * abs(cast((' ~ numerator ~ ') * 10000 as bigint)) * ' ~ (10 ** decimals) ~ ' + (' ~ denominator ~ ') * 10000',
                '2 * (' ~ denominator ~ ') * 10000') }}
            * {{ ieta.decimal_unit(decimals) }}
            as {{ ieta.shown_type(decimals) }}
        )
    end
{%- endmacro %}

{#- Integer division of two non-negative integers (truncating). -#}
{% macro integer_divide(dividend, divisor) -%}
    {{ return(adapter.dispatch('integer_divide', 'ieta')(dividend, divisor)) }}
{%- endmacro %}

{% macro default__integer_divide(dividend, divisor) -%}
    cast(floor(cast({{ dividend }} as decimal(38, 0)) / ({{ divisor }})) as bigint)
{%- endmacro %}

{% macro duckdb__integer_divide(dividend, divisor) -%}
    (({{ dividend }}) // ({{ divisor }}))
{%- endmacro %}

{% macro spark__integer_divide(dividend, divisor) -%}
    (({{ dividend }}) div ({{ divisor }}))
{%- endmacro %}

{#- -1 for a negative value, else 1, as an integer (Spark's sign() returns a double). -#}
{% macro sign_of(expr) -%}
    case when {{ expr }} < 0 then -1 else 1 end
{%- endmacro %}

{#- A result's score on the 0-100 scale (files path): score * 100 / max, exact, rounded half away
    from zero to the 4 places of score_type. score and max are exact decimals of at most 4
    places and max > 0; with S = score * 10^4 and M = max * 10^4 (integers) the result in units
    of 10^-4 is floor((2 * |S| * 10^6 + M) / (2 * M)). No double is involved. -#}
{% macro percent_of_max(score, max) -%}
    cast(
        {{ ieta.sign_of(score) }}
        * {{ ieta.integer_divide(
            '2 * abs(cast((' ~ score ~ ') * 10000 as bigint)) * 1000000 + cast((' ~ max ~ ') * 10000 as bigint)',
            '2 * cast((' ~ max ~ ') * 10000 as bigint)') }}
        * 0.0001
        as {{ ieta.score_type() }}
    )
{%- endmacro %}
