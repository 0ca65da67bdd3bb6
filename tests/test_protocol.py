from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
from conftest import examples
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lipcare.errors import ProtocolError
from lipcare.protocol import Checked, Problem, check_protocol, default_protocol_path, load_protocol

DEFAULT = default_protocol_path().read_text(encoding="utf-8")


def write(tmp_path: Path, text: str, name: str = "clinic.toml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def edited(old: str, new: str, text: str = DEFAULT) -> str:
    assert old in text, f"test setup: {old!r} not in the default protocol"
    return text.replace(old, new, 1)


def problems_of(path: Path) -> list[str]:
    checked = check_protocol(path)
    assert checked.protocol is None
    return [str(problem) for problem in checked.problems]


def test_default_protocol_has_the_leaflet_values() -> None:
    protocol = load_protocol()
    assert protocol.redness.window_days == 28
    assert [at.strftime("%H:%M") for at in protocol.rinse.times] == ["08:00", "12:00", "16:00", "20:00"]
    assert (protocol.rinse.first_day, protocol.rinse.last_day) == (0, 7)
    assert protocol.sun_avoid.last_day == 60  # strict sun avoidance for about two months (issue 20)
    assert protocol.sunscreen.first_day == protocol.course_item("crusting").last_day + 1 == 22
    assert protocol.sunscreen.last_day == 365
    assert {"swelling", "oozing", "crusting", "new-skin"} <= {item.key for item in protocol.course}
    assert {"make-up", "darker-patches", "antiviral"} <= {item.key for item in protocol.care}
    keys = {sign.key: sign.urgency for sign in protocol.warning_signs}
    for key in ("fever", "pus", "blisters", "cold-sores", "worsening-pain", "spreading-redness", "rash", "bleeding"):
        assert keys[key] == "urgent"
    for key in ("airway", "eye", "heavy-bleeding"):
        assert keys[key] == "immediate"


def test_every_guidance_source_resolves_and_the_leaflet_is_one_of_them() -> None:
    protocol = load_protocol()
    sources = protocol.sources
    assert sources["leaflet"].kind == "leaflet"
    cited = [protocol.redness.source, protocol.rinse.source, protocol.sun_avoid.source, protocol.sunscreen.source]
    cited += [item.source for item in protocol.course] + [sign.source for sign in protocol.warning_signs]
    cited += [item.source for section in protocol.info for item in section.items]
    assert set(cited) <= set(sources)
    clinical = [source for source in sources.values() if source.kind == "clinical"]
    assert clinical and all(source.url.startswith("http") for source in clinical)


def test_the_packaged_file_is_the_one_in_data(tmp_path: Path) -> None:
    assert default_protocol_path().name == "protocol.toml"
    assert default_protocol_path().read_text(encoding="utf-8") == DEFAULT


def test_a_copy_of_the_default_is_valid(tmp_path: Path) -> None:
    path = write(tmp_path, DEFAULT)
    protocol = load_protocol(path, chosen_by="--protocol")
    assert protocol.origin == f"{path} (--protocol)"
    assert check_protocol(path).defaulted == []


def test_a_partial_file_takes_the_defaults_and_says_which(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        textwrap.dedent(
            """
        format = 1
        [protocol]
        id = "lip-clinic"
        name = "Lip Clinic aftercare"
        version = "2026-1"
        [clinic]
        name = "Lip Clinic"
        phone = "+44 20 7946 0000"
        [redness]
        window_days = 60
        source = "lip-clinic"
        [rinse]
        times = ["09:00", "21:00"]
        [[sources]]
        id = "lip-clinic"
        kind = "clinic"
        title = "Lip Clinic aftercare leaflet"
        url = ""
        """
        ),
    )
    checked = check_protocol(path)
    assert checked.problems == []
    protocol = checked.protocol
    assert protocol is not None
    assert (protocol.id, protocol.redness.window_days, protocol.redness.source) == ("lip-clinic", 60, "lip-clinic")
    assert [at.strftime("%H:%M") for at in protocol.rinse.times] == ["09:00", "21:00"]
    assert protocol.rinse.last_day == 7  # from the default
    assert protocol.clinic.phone == "+44 20 7946 0000"
    assert "leaflet" in protocol.sources and "lip-clinic" in protocol.sources
    assert "sun" in checked.defaulted and "rinse.last_day" in checked.defaulted
    assert "redness.window_days" not in checked.defaulted and "protocol.summary" in checked.defaulted


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (
            'label = "Blisters or new small sores, in a group or on skin that had healed"\n',
            "",
            "warning_signs[7].label: missing text",
        ),
        ("window_days = 28", 'window_days = "28"', 'redness.window_days: expected a whole number, found the text "28"'),
        ("window_days = 28", "window_days = -3", "redness.window_days: expected a number from 1 to 3650, found -3"),
        ('"16:00", "20:00"]', '"16:00", "25:00"]', "rinse.times[3]: expected a 24-hour time HH:MM"),
        ('"16:00", "20:00"]', '"16:00", "16:00"]', "rinse.times[3]: time 16:00 is listed twice"),
        (
            "first_day = 0\nlast_day = 7",
            "first_day = 7\nlast_day = 0",
            "rinse.last_day: ends (day 0) before it starts (day 7)",
        ),
        (
            'source = "cleveland-recovery"\n\n# The expected',
            'source = "nowhere"\n\n# The expected',
            'sun.sunscreen.source: source "nowhere" is not listed in [[sources]]',
        ),
        ('key = "oozing"', 'key = "swelling"', 'course[1].key: duplicate course key "swelling"'),
        ('key = "pus"', 'key = "fever"', 'warning_signs[9].key: duplicate warning-sign key or alias "fever"'),
        ('aliases = ["bleed"]', 'aliases = ["itchy"]', 'duplicate warning-sign key or alias "itchy"'),
        ('aliases = ["bleed"]', 'aliases = ["Bleed!"]', "warning_signs[4].aliases: expected lower-case letters"),
        (
            'urgency = "immediate"',
            'urgency = "soon"',
            "warning_signs[0].urgency: expected one of immediate, urgent, contact",
        ),
        ('title = "Cold-water rinse"', 'title = "  "', "rinse.title: text is empty"),
        ("format = 1", "format = 2", "format: format 2 is newer than this lipcare reads (1)"),
        ("format = 1", "", "format: missing: a protocol file starts with format = 1"),
        ("format = 1", 'format = "1"', "format: expected format = 1, found '1'"),
        (
            'labels = ["none", "mild", "moderate", "severe"]',
            'labels = ["none"]',
            "checkin.redness.labels: expected 4 labels",
        ),
        (
            'rebound = "Redness is {now}',
            'rebound = "Redness is {later}',
            "reasons.rebound: unknown placeholder {later}",
        ),
        (
            '[[info]]\nkey = "steps"',
            '[[info]]\nkey = "stages"',
            'info: missing the [[info]] section with key = "steps"',
        ),
    ],
)
def test_each_kind_of_mistake_is_named_with_file_and_key(tmp_path: Path, old: str, new: str, expected: str) -> None:
    path = write(tmp_path, edited(old, new))
    found = problems_of(path)
    assert any(str(path) in problem and expected in problem for problem in found), found


_SEVERE_TEXT = 'text = "Pain is {score}/{max} on day {day}: that is severe pain, and from {at_least}'
SEVERE_PAIN = 'at_least = 7\nlevel = "urgent"\n' + _SEVERE_TEXT


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ("at_least = 7\n", "at_least = 11\n", "pain.rules[0].at_least: expected a number from 0 to 10, found 11"),
        ("at_least = 7\n", "", "checkin.pain.rules[0]: give at_least (a score), rise_by (a rise in points), or both"),
        ('compare = "lowest"', 'compare = "highest"', 'checkin.pain.rules[1].compare: expected "previous" or "lowest"'),
        ("with_any = { pain = 5,", "with_any = { itching = 5,", "with_any.itching: there is no scale 'itching'"),
        ("with_any = { pain = 5,", "with_any = { pain = 40,", "with_any.pain: 40 is not on the scale 0-10"),
        ('key = "rising-mild"', 'key = "rising"', 'checkin.pain.rules: two rules have the key "rising"'),
        ("score_below = 4", "score_below = 0", "checkin.pain.rules[2].score_below: expected a number from 1 to 10"),
        ("not_falling = true", 'not_falling = "yes"', "checkin.pain.rules[3].not_falling: expected true or false"),
        (SEVERE_PAIN, SEVERE_PAIN.replace('"urgent"', '"soon"'), 'pain.rules[0].level: expected "urgent" or "contact"'),
        (SEVERE_PAIN, SEVERE_PAIN.replace("{score}/{max} ", ""), "checkin.pain.rules[0].text: must name {score}"),
        (SEVERE_PAIN, SEVERE_PAIN.replace(" on day {day}", ""), "checkin.pain.rules[0].text: must name {day}"),
        (SEVERE_PAIN, SEVERE_PAIN.replace("{at_least}", "{before}"), "rules[0].text: unknown placeholder {before}"),
        (SEVERE_PAIN, SEVERE_PAIN.replace("{score}", "{score:%Y}"), "rules[0].text: a placeholder cannot be filled"),
        (SEVERE_PAIN, SEVERE_PAIN.replace("{score}", "{}"), "rules[0].text: unknown placeholder {}"),
        (
            'rise_by = 2\ncompare = "lowest"\nfrom_day = 2\n',
            'rise_by = 2\ncompare = "lowest"\nfrom_day = 2\nto_day = 1\n',
            "checkin.pain.rules[1].to_day: ends (day 1) before it starts (day 2)",
        ),
        (
            'rise_by = 2\ncompare = "lowest"\nfrom_day = 2\n',
            'rise_by = 0\ncompare = "lowest"\nfrom_day = 2\n',
            "checkin.pain.rules[1].rise_by: expected a number from 1 to 10, found 0",
        ),
        (
            'compare = "lowest"\nfrom_day = 2\n',
            'compare = "lowest"\nfrom_dya = 2\n',
            "checkin.pain.rules[1].from_dya: unknown key",
        ),
        ('source = "gerbershagen-2011"', 'source = "nowhere"', 'pain.rules[0].source: source "nowhere" is not listed'),
        ("ask_at_least = 4", "ask_at_least = 11", "checkin.painkillers.ask_at_least: expected a number from 0 to 10"),
        ('not_relieved_level = "contact"', 'not_relieved_level = "now"', "checkin.painkillers.not_relieved_level"),
        ("urgent_at = 5", "urgent_at = 50", "checkin.painkillers.urgent_at: expected a number from 0 to 10"),
        ("returning_after = 2", "returning_after = 0", "checkin.crusting.returning_after: expected a number from 1"),
        (
            'returning_text = "Crusts are back on day {day}',
            'returning_text = "Crusts are back on {score}',
            "checkin.crusting.returning_text: unknown placeholder {score}",
        ),
        (
            'not_relieved_text = "Pain is {score}/{max} on day {day}',
            'not_relieved_text = "Pain is {level}',
            "checkin.painkillers.not_relieved_text: unknown placeholder {level}",
        ),
        (
            'not_recorded = "Not recorded in this check-in: {missing}.',
            'not_recorded = "Not recorded: {score}.',
            "reasons.not_recorded: unknown placeholder {score}",
        ),
    ],
)
def test_score_rule_mistakes_are_named(tmp_path: Path, old: str, new: str, expected: str) -> None:
    path = write(tmp_path, edited(old, new))
    found = problems_of(path)
    assert any(str(path) in problem and expected in problem for problem in found), found


def test_a_clinic_replaces_or_removes_the_rules_of_a_scale(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        textwrap.dedent("""\
        format = 1

        [checkin.swelling]
        rules = []

        [[checkin.pain.rules]]
        at_least = 5
        from_day = 2
        to_day = 20
        level = "contact"
        text = "Pain {score} on day {day} (rule from day {from_day})."
        source = "my-clinic"

        [[sources]]
        id = "my-clinic"
        kind = "clinic"
        title = "My clinic"
        url = ""
        """),
    )
    protocol = load_protocol(path)
    assert protocol.questions.swelling.rules == ()
    (rule,) = protocol.questions.pain.rules
    assert (rule.kind, rule.threshold, rule.from_day, rule.to_day, rule.level) == ("at_least", 5, 2, 20, "contact")
    assert protocol.questions.pain.prompt == load_protocol().questions.pain.prompt  # the rest of the table is merged
    default = [(rule.key, rule.threshold) for rule in load_protocol().questions.swelling.rules]
    assert default == [
        ("very-strong-early", 3),
        ("very-strong-rising", 3),
        ("very-strong", 3),
        ("rising-with-pain-or-redness", 1),
        ("rising", 1),
        ("late", 2),
    ]
    assert rule.key == "0"  # a rule without a key is named by its place, as translation paths name it


def test_problems_carry_the_line_of_the_key(tmp_path: Path) -> None:
    text = edited("window_days = 28", "window_days = -3")
    path = write(tmp_path, text)
    line = text.splitlines().index("window_days = -3") + 1
    assert f"{path}:{line}: redness.window_days" in problems_of(path)[0]


def test_line_of_a_key_inside_a_list_item(tmp_path: Path) -> None:
    text = edited('urgency = "immediate"', 'urgency = "soon"')
    path = write(tmp_path, text)
    line = text.splitlines().index('urgency = "soon"') + 1
    assert any(problem.startswith(f"{path}:{line}: warning_signs[0].urgency") for problem in problems_of(path))


def test_every_problem_is_reported_at_once(tmp_path: Path) -> None:
    text = edited("window_days = 28", "window_days = -1")
    text = edited('"16:00", "20:00"]', '"16:00", "24:30"]', text)
    text = edited('key = "pus"', 'key = "fever"', text)
    found = problems_of(write(tmp_path, text))
    assert len(found) == 3


def test_broken_toml_names_the_line(tmp_path: Path) -> None:
    path = write(tmp_path, edited("window_days = 28", "window_days = = 28"))
    (problem,) = problems_of(path)
    assert "is not valid TOML" in problem
    assert problem.startswith(f"{path}:")


@pytest.mark.parametrize("kind", ["missing", "directory", "binary"])
def test_unreadable_files(tmp_path: Path, kind: str) -> None:
    path = tmp_path / "p.toml"
    if kind == "directory":
        path.mkdir()
    elif kind == "binary":
        path.write_bytes(b"\xff\xfe\x00garbage")
    with pytest.raises(ProtocolError) as caught:
        load_protocol(path)
    assert str(path) in str(caught.value)


def test_load_reports_the_first_problem_and_how_to_see_them_all(tmp_path: Path) -> None:
    text = edited("window_days = 28", "window_days = -1")
    text = edited('"16:00", "20:00"]', '"16:00", "24:30"]', text)
    path = write(tmp_path, text)
    with pytest.raises(ProtocolError) as caught:
        load_protocol(path)
    message = str(caught.value)
    assert "redness.window_days" in message and "(2 problems in all)" in message
    assert f"'lipcare protocol check {path}' lists every problem" in message


@settings(max_examples=examples(150), deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    position=st.integers(min_value=0, max_value=len(DEFAULT)),
    junk=st.text(alphabet=st.characters(codec="utf-8"), max_size=12),
)
def test_any_damage_gives_problems_never_an_exception(tmp_path: Path, position: int, junk: str) -> None:
    path = write(tmp_path, DEFAULT[:position] + junk + DEFAULT[position + len(junk) :])
    checked = check_protocol(path)
    assert (checked.protocol is None) == bool(checked.problems)
    assert all(str(path) in str(problem) for problem in checked.problems)


#: A whole-number key and a text key of the default protocol: (the line as written, its key path, its range).
TYPED_KEYS = [
    ("window_days = 28", "redness.window_days", (1, 3650)),
    ("last_day = 7", "rinse.last_day", (0, 365)),  # rinses are scheduled for at most a year
    ("max = 10", "checkin.pain.max", (0, 100)),
]


def line_of(text: str) -> int:
    return next(number for number, line in enumerate(DEFAULT.splitlines(), start=1) if line.strip() == text)


@pytest.mark.slow  # a sweep: every key of the protocol given a wrong type; CI runs it
@settings(max_examples=examples(100), deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    value=st.one_of(
        st.integers(),
        st.text(max_size=5),
        st.booleans(),
        st.floats(allow_nan=False, allow_infinity=False),  # json.dumps writes Infinity, which is not TOML
        st.lists(st.integers(), max_size=2),
    )
)
def test_wrong_types_anywhere_are_reported(tmp_path: Path, value: object) -> None:
    """Each wrong value is named by its key, its line and what was expected; a right one is taken."""
    import json

    # TOML has no surrogate-pair escapes; json leaves DEL raw, which TOML does not allow in a string.
    literal = json.dumps(value, ensure_ascii=False).replace("\x7f", "\\u007f")
    for old, key, (low, high) in TYPED_KEYS:
        path = write(tmp_path, edited(old, f"{old.split(' = ')[0]} = {literal}"))
        checked = check_protocol(path)
        mine = [problem for problem in checked.problems if problem.key == key]
        if isinstance(value, int) and not isinstance(value, bool):
            if low <= value <= high and key != "checkin.pain.max":
                assert checked.problems == [] and checked.protocol is not None
                continue
            if not low <= value <= high:
                assert mine, (key, value, checked.problems)
                assert f"expected a number from {low} to {high}, found {value}" in mine[0].message
                assert mine[0].line == line_of(old)
            continue
        assert checked.protocol is None
        assert mine, (key, value, checked.problems)
        assert mine[0].message.startswith("expected a whole number, found ")
        assert mine[0].line == line_of(old)
        assert str(mine[0]).startswith(f"{path}:{line_of(old)}: {key}: ")
    path = write(tmp_path, edited('kind = "clinical"', f"kind = {literal}"))
    kind = [problem for problem in check_protocol(path).problems if problem.key.endswith(".kind")]
    if value in ("leaflet", "clinical", "clinic", "judgement"):
        assert kind == []
    else:
        assert kind and kind[0].line == line_of('kind = "clinical"')
        if not isinstance(value, str):
            assert kind[0].message.startswith("expected text in quotes")
        else:
            assert kind[0].message == "text is empty" or kind[0].message.startswith(
                (
                    'expected one of "leaflet", "clinical", "clinic", "judgement", found "',
                    "contains the control character",
                    "has a line break",
                )  # issue 10: control characters and line breaks are named first
            )


# --- placeholders keep texts and values together ----------------------------------------


def test_texts_follow_the_values_they_describe(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "format = 1\n[redness]\nwindow_days = 42\n[[course]]\nkey = 'crusting'\nfirst_day = 7\n"
        "last_day = 28\ntitle = 'Crusts'\ntext = 'Up to {weeks}.'\nsource = 'leaflet'\n",
    )
    protocol = load_protocol(path)
    said = "The leaflet says redness of the lips can last for up to six weeks after the treatment."
    assert protocol.redness.text == said
    assert protocol.course[0].text == "Up to four weeks."
    differences = protocol.info_section("differences").items[0].text
    assert "redness window of 42 days" in differences
    texts = [protocol.redness.text, *(span.text for span in protocol.course)]
    assert not any("{" in text for text in texts)


@pytest.mark.parametrize(("days", "said"), [(28, "four weeks"), (7, "one week"), (60, "about nine weeks")])
def test_weeks_are_said_as_people_say_them(days: int, said: str) -> None:
    from lipcare.protocol import weeks

    assert weeks(days) == said


def test_an_unknown_placeholder_is_a_problem(tmp_path: Path) -> None:
    path = write(tmp_path, "format = 1\n[redness]\ntext = 'Up to {window} days.'\n")
    assert any("unknown placeholder {window}" in problem for problem in problems_of(path))


def test_a_text_stating_other_days_than_its_value_is_a_warning_not_a_problem(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "format = 1\n[redness]\nwindow_days = 60\ntext = 'Redness lasts up to four weeks.'\n"
        "[sun.avoid]\nlast_day = 60\ntext = 'Avoid the sun for 30 days.'\n"
        "[rinse]\ntext = 'Rinse with cold water. Do this for the first 5 days.'\n",
    )
    checked = check_protocol(path)
    assert checked.problems == [] and checked.protocol is not None
    warned = [str(warning) for warning in disagreements(checked)]
    assert len(warned) == 3, warned
    assert 'redness.text: says "four weeks" but window_days is 60' in warned[0]
    assert 'rinse.text: says "5 days" but last_day is 7' in warned[1]  # found by a clinic trial
    assert 'sun.avoid.text: says "30 days" but last_day is 60' in warned[2]


def disagreements(checked: Checked) -> list[Problem]:
    """The warnings about texts and values, without those about sources' support text."""
    return [warning for warning in checked.warnings if not about_sources(warning.message)]


def about_sources(message: str) -> bool:
    """Whether a warning is about sources' support text (lipcare.protocol.validate.support_warnings)."""
    return any(said in message for said in ("[[sources.supports]]", "which does not cite", "not cited by any line"))


def test_the_default_protocol_has_no_disagreements() -> None:
    assert disagreements(check_protocol()) == []


# --- a clinic's own scales -------------------------------------------------------------------

SCALE = 'prompt = "How itchy?"\nname = "itching"\nmin = 0\nmax = 3\n'


@pytest.mark.parametrize(
    ("body", "key", "line", "message"),
    [
        ("[checkin]\nitch = 3\n", "checkin.itch", 3, "expected a table [checkin.itch] describing a scale"),
        (f"[checkin.symptoms]\n{SCALE}", "checkin.symptoms", 2, "none of action, advice, crusting"),
        (f"[checkin.Itching]\n{SCALE}", "checkin.Itching", 2, "lowercase letters, digits and dashes"),
        ('[checkin.itching]\nname = "itching"\nmin = 0\nmax = 3\n', "checkin.itching.prompt", 2, "missing text"),
        (f'[checkin.itching]\n{SCALE}labels = ["a"]\n', "checkin.itching.labels", 7, "expected 4 labels"),
        (f'[checkin.itching]\n{SCALE}colour = "red"\n', "checkin.itching.colour", 7, "unknown key; a scale may have"),
        (
            f'[checkin.itching]\n{SCALE}[[checkin.itching.rules]]\nat_least = 9\nlevel = "contact"\n'
            'source = "leaflet"\ntext = "{score} on day {day}"\n',
            "checkin.itching.rules[0].at_least",
            8,
            "expected a number from 0 to 3",
        ),
        ("".join(f"[checkin.s{n}]\n{SCALE}" for n in range(18)), "checkin", None, "at most 20 scales"),
    ],
)
def test_a_wrong_added_scale_is_reported_with_its_line(
    tmp_path: Path, body: str, key: str, line: int | None, message: str
) -> None:
    path = tmp_path / "clinic.toml"
    path.write_text("format = 1\n" + body, encoding="utf-8")
    checked = check_protocol(path)
    assert checked.protocol is None
    found = [problem for problem in checked.problems if problem.key == key]
    assert found, checked.problems
    assert message in found[0].message
    if line is not None:
        assert found[0].line == line
    assert len(checked.problems) == 1, checked.problems  # one mistake, one problem: no follow-on noise


def test_added_scales_come_after_the_built_in_ones_in_file_order(tmp_path: Path) -> None:
    path = tmp_path / "clinic.toml"
    path.write_text(f"format = 1\n[checkin.tightness]\n{SCALE}[checkin.itching]\n{SCALE}", encoding="utf-8")
    protocol = load_protocol(path)
    assert protocol.questions.keys == ("redness", "swelling", "pain", "tightness", "itching")
    assert protocol.questions.scale("itching").column == "Itching"  # the name as a heading when no column is set


@pytest.mark.parametrize(
    ("body", "key", "line", "message"),
    [
        (
            '[clinic]\nout_of_hours_phne = "+20 100"\n',
            "clinic.out_of_hours_phne",
            3,
            "unknown key; did you mean out_of_hours_phone? [clinic] may have name, phone",
        ),
        ('[clinc]\nphone = "1"\n', "clinc", 2, "unknown key; did you mean clinic? a protocol file may have"),
        (
            '[[course]]\nkey = "x"\nfirst_day = 0\nlast_day = 3\ntitle = "T"\ntext = "t"\nsource = "leaflet"\n'
            'titel = "T"\n',
            "course[0].titel",
            9,
            "did you mean title? an item of [[course]] may have key",
        ),
        ('[checkin.crusting]\npromt = "Crusts?"\n', "checkin.crusting.promt", 3, "did you mean prompt?"),
        (
            '[[info]]\nkey = "what"\ntitle = "W"\n[[info.items]]\ntext = "t"\nsource = "leaflet"\nsorce = "x"\n',
            "info[0].items[0].sorce",
            8,
            "did you mean source?",
        ),
    ],
)
def test_an_unknown_key_is_a_problem_not_a_silent_default(
    tmp_path: Path, body: str, key: str, line: int, message: str
) -> None:
    # Found by a clinic trial: `out_of_hours_phne` passed the check, and patients never saw the number.
    path = tmp_path / "clinic.toml"
    path.write_text("format = 1\n" + body, encoding="utf-8")
    checked = check_protocol(path)
    found = [problem for problem in checked.problems if problem.key == key]
    assert found, checked.problems
    assert message in found[0].message and found[0].line == line


def test_one_mistake_in_a_scale_is_one_problem(tmp_path: Path) -> None:
    # Found by a clinic trial: `max = "3"` also reported the labels and the rule as out of range (0 to 0),
    # and rules under a misspelt scale gave six problems without saying the scale does not exist.
    rule = 'at_least = 3\nlevel = "contact"\ntext = "{score} on day {day}"\nsource = "leaflet"\n'
    path = tmp_path / "clinic.toml"
    path.write_text(
        'format = 1\n[checkin.itching]\nprompt = "How itchy?"\nname = "itching"\nmin = 0\nmax = "3"\n'
        f'labels = ["none", "mild", "moderate", "severe"]\n[[checkin.itching.rules]]\n{rule}'
        f"[[checkin.itchng.rules]]\n{rule}",
        encoding="utf-8",
    )
    problems = check_protocol(path).problems
    assert [(problem.key, problem.line) for problem in problems] == [("checkin.itching.max", 6), ("checkin.itchng", 13)]
    assert "there is no scale 'itchng' (did you mean itching?)" in problems[1].message
