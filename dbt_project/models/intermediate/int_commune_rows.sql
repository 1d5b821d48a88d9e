-- Every B01 commune row of a current submission with the criteria counted from its marks,
-- ranked within (year, commune): rank 1 is the row the facts use. A commune listed twice
-- (in one sheet, or by two districts) keeps its other rows here so that the quality checks
-- can flag them as DUPLICATE_ROW; the row listed by the commune's own district wins.
-- A commune listed twice in one submission whose rows disagree (a second list, of the
-- communes' self-assessment or a plan, read with the list; one code typed for two communes):
-- which row the unit meant cannot be told, so `*_in_doubt` says what they disagree on, in
-- every row of the commune. The rows keep what they say, for the checks; the facts read
-- them through `commune_as_known()`, which makes what is in doubt unknown.
with marks as (
    select
        sha256,
        sheet,
        row_number,
        count(*) filter (where mark = 'met') as criteria_met,
        count(*) filter (where mark = 'basically_met') as criteria_basically_met,
        count(*) filter (where mark = 'unparseable') as criteria_unparseable,
        count(*) as criteria_marked,
        -- the row's marks as one value, to tell rows of one commune that disagree
        string_agg(criterion_no || '=' || mark, ',' order by criterion_no) as marks_read
    from {{ ref('stg_b01_marks') }}
    group by sha256, sheet, row_number
),

units as (
    select unit_code, parent_code, map_era
    from {{ ref('stg_admin_units') }}
    where level = 'commune'
),

rows as (
    select
        c.year,
        c.submitted_by_level,
        c.submitted_by,
        c.province_code,
        c.district_code,
        c.commune_code,
        c.commune_name,
        c.identified_by_name,
        c.criteria_set,
        c.criteria_count,
        c.criteria_columns,
        -- A commune with a criterion cell that could not be read has no count: the marks that
        -- were read give only a lower bound, and a count too low is a wrong number.
        case when coalesce(m.criteria_unparseable, 0) = 0 then coalesce(m.criteria_met, 0) end
            as criteria_met,
        c.criteria_met_reported,
        coalesce(m.criteria_basically_met, 0) as criteria_basically_met,
        coalesce(m.criteria_unparseable, 0) as criteria_unparseable,
        coalesce(m.criteria_marked, 0) as criteria_marked,
        m.marks_read,
        c.ntm_year,
        c.advanced_year,
        c.model_year,
        c.ntm_year_unreadable,
        c.advanced_year_unreadable,
        c.model_year_unreadable,
        c.ntm_marked,
        c.advanced_marked,
        c.model_marked,
        c.commune_group,
        c.note,
        c.map_era,
        c.source_file,
        c.sha256,
        c.loaded_at,
        c.sheet,
        c.row_number,
        row_number() over (
            partition by c.year, c.commune_code
            order by
                (u.parent_code = c.submitted_by) desc nulls last,
                c.source_file,
                c.row_number
        ) as occurrence
    from {{ ref('stg_b01_communes') }} as c
    -- a list split over several sheets of one file (B01_LocBinh, B01 (Cao Lộc)) has a row
    -- of each sheet at one Excel row: a row is its file's, sheet's and Excel row's
    left join marks as m
        on m.sha256 = c.sha256
        and m.sheet is not distinct from c.sheet
        and m.row_number = c.row_number
    left join units as u
        on u.unit_code = c.commune_code
        and u.map_era = c.map_era
    -- a ward or town is not in the programme (flagged NOT_IN_PROGRAMME by the checks)
    where c.commune_code is not null and not c.is_ward_or_town
)

-- Within one submission, a commune's rows that disagree on the marks, on the count typed, or
-- on a level's year or mark (a blank beside a year is a disagreement).
select
    * exclude (marks_read),
    count(*) over same_commune as listed_times,
    {% for what, columns in [
        ('criteria', ['marks_read']),
        ('reported', ['criteria_met_reported']),
        ('ntm', ['ntm_year', 'ntm_year_unreadable', 'ntm_marked']),
        ('advanced', ['advanced_year', 'advanced_year_unreadable', 'advanced_marked']),
        ('model', ['model_year', 'model_year_unreadable', 'model_marked'])] %}
    count(*) over same_commune > 1 and (
        {% for column in columns %}
        {{ 'or ' if not loop.first }}min({{ column }}) over same_commune
            is distinct from max({{ column }}) over same_commune
        or count({{ column }}) over same_commune not in (0, count(*) over same_commune)
        {% endfor %}
    ) as {{ what }}_in_doubt{{ ',' if not loop.last }}
    {% endfor %}
from rows
window same_commune as (partition by sha256, commune_code)
