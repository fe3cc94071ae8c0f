"""The checklist as data (contract/checklist.toml): it lists the team's checklist's items in order, each with a
stable id; the tests name the items they prove by id (`checklist` marks); collection refuses an unknown id and
`--item` runs one item's tests; a failure names its item first."""

from __future__ import annotations

import json
import re
import textwrap
from pathlib import Path

import pytest

from acceptance.report.checklist import ChecklistError, load_checklist
from selftests.conftest import ROOT, run_suite

# The team's checklist, vendored so the coverage check runs wherever the project is cloned; the team's copy
# beside the project, where present, must be the same text.
CHECKLIST_MD = ROOT / "contract" / "deployment-checklist.md"
TEAM_CHECKLIST_MD = ROOT.parent / "shared" / "spec" / "deployment-checklist.md"
CHECKLIST = load_checklist()


# --- the checklist as data covers the checklist ---------------------------------------------------------


def checklist_markdown_items(text: str) -> list[tuple[str, str]]:
    """(section, text) of every "[ ]" list item, outside code blocks; section is "<##> - <###>"."""
    found, h2, h3, fenced = [], "", "", False
    for line in text.splitlines():
        if line.lstrip().startswith("```"):
            fenced = not fenced
        elif fenced:
            continue
        elif line.startswith("## "):
            h2, h3 = line[3:].strip(), ""
        elif line.startswith("### "):
            h3 = line[4:].strip()
        elif match := re.match(r"^\s*(?:[-*]|\d+\.)\s+\[ \]\s+(.*)$", line):
            item = re.sub(r"\s*_{3,}.*$", "", match.group(1)).strip().rstrip(":").strip()
            found.append((f"{h2} - {h3}" if h3 else h2, item))
    return found


def test_markdown_parser_reads_items_and_ignores_code():
    """Nested and numbered items count; items inside code fences, headings and blanks to fill in do not."""
    text = textwrap.dedent("""\
        ## Part
        - [ ] First:
          - [ ] `nested` item
        ```sql
        - [ ] not an item
        ```
        ### Sub
        1. [ ] Numbered
        - [ ] Signed off: ______ Date: ____
        **Status**: [ ] Success
        """)
    assert checklist_markdown_items(text) == [
        ("Part", "First"),
        ("Part", "`nested` item"),
        ("Part - Sub", "Numbered"),
        ("Part - Sub", "Signed off"),
    ]


def test_vendored_checklist_is_the_teams():
    """contract/deployment-checklist.md is the team's checklist as it stands beside the project."""
    if not TEAM_CHECKLIST_MD.is_file():
        pytest.skip(f"the team's checklist is not beside the project ({TEAM_CHECKLIST_MD})")
    assert CHECKLIST_MD.read_text() == TEAM_CHECKLIST_MD.read_text(), (
        f"the checklist changed: copy {TEAM_CHECKLIST_MD} to {CHECKLIST_MD}, then update contract/checklist.toml"
    )


def test_every_checklist_item_is_in_the_data_in_order():
    """checklist.toml lists exactly the checklist's items, in the checklist's order, each once."""
    in_markdown = checklist_markdown_items(CHECKLIST_MD.read_text())
    in_data = [(item.section, item.text) for item in CHECKLIST]
    missing = [f"{s} - {t}" for s, t in in_markdown if (s, t) not in in_data]
    extra = [f"{s} - {t}" for s, t in in_data if (s, t) not in in_markdown]
    assert not missing and not extra, f"checklist.toml vs the checklist:\n  Missing: {missing}\n  Extra: {extra}"
    assert in_data == in_markdown, "checklist.toml lists the checklist's items in another order"
    assert len(set(in_data)) == len(in_data)


@pytest.mark.parametrize(
    ("entry", "problem"),
    [
        ('text = "No id"', "needs a text and an id"),
        ('id = "Bad Id"\ntext = "Spaces"', "needs a text and an id"),
        ('id = "a"\ntext = "Both"\nmanual = "why"\nautomated = true', "manual and automated at once"),
        ('id = "a"\ntext = "Typo"\ntests = ["tests/x.py"]', "unknown keys ['tests']"),
    ],
    ids=["no-id", "bad-id", "both", "unknown-key"],
)
def test_checklist_data_refuses_a_malformed_item(tmp_path, entry, problem):
    """Each item has an id and a text, is manual or not, and its keys are spelled right (tests are not listed here:
    the tests name their items)."""
    path = tmp_path / "checklist.toml"
    path.write_text(f'[[section]]\nname = "S"\n\n[[section.item]]\n{entry}\n')
    with pytest.raises(ChecklistError, match=re.escape(problem)):
        load_checklist(path)


def test_ids_are_unique_and_a_section_manual_reason_covers_its_items(tmp_path):
    """An item takes its section's manual reason unless it is automated; an id used twice is refused."""
    path = tmp_path / "checklist.toml"
    path.write_text(
        '[[section]]\nname = "S"\nmanual = "people"\n\n[[section.item]]\nid = "a"\ntext = "A"\n\n'
        '[[section.item]]\nid = "b"\ntext = "B"\nautomated = true\n'
    )
    a, b = load_checklist(path)
    assert (a.manual, b.manual) == ("people", None)
    path.write_text(path.read_text().replace('id = "b"', 'id = "a"'))
    with pytest.raises(ChecklistError, match=r"ids used twice: \['a'\]"):
        load_checklist(path)


def test_every_manual_item_gives_a_reason_a_reader_can_act_on():
    """A manual item says why only a person can confirm it; most of the checklist is automated."""
    unexplained = [i.id for i in CHECKLIST if i.manual and len(i.manual.split()) < 4]
    assert not unexplained, f"manual items without a reason: {unexplained}"
    assert sum(1 for i in CHECKLIST if not i.manual) >= 80, "most of the checklist is automated; keep it so"


def collected_items(out: Path) -> dict[str, list[str]]:
    """Each collected acceptance test and the checklist ids its marks name (as the suite's plugin read them)."""
    result = run_suite(
        "--collect-only", "-p", "selftests.plugins.item_ids", timeout=120, env={"ITEM_IDS_OUT": str(out)}
    )
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
    return json.loads(out.read_text())


def test_every_automated_item_is_named_by_a_test_and_no_manual_one(tmp_path):
    """Each automated item is proven by at least one collected test, and no test claims a manual item: a removed
    mark or test cannot leave an item silently unproven."""
    found = collected_items(tmp_path / "ids.json")
    assert len(found) > 300, "the suite collected too few tests to check the items against"
    named = {i for ids in found.values() for i in ids}
    unproven = [i.id for i in CHECKLIST if not i.manual and i.id not in named]
    assert not unproven, f"automated checklist items that no collected test names: {unproven}"
    assert not [i.id for i in CHECKLIST if i.manual and i.id in named]


def test_collection_refuses_an_unknown_item_id(tmp_path):
    """A mark naming an id the checklist does not hold ends the run before any test: one ERROR line, exit 4."""
    (tmp_path / "conftest.py").write_text('pytest_plugins = ("plugins.checklist",)\n')
    (tmp_path / "test_typo.py").write_text(
        "import pytest\n\n\n@pytest.mark.checklist('step1-indexs')\ndef test_x():\n    pass\n"
    )
    result = run_suite("test_typo.py", cwd=tmp_path, env={"PYTHONPATH": str(ROOT)})
    assert result.returncode == 4, result.stdout[-2000:] + result.stderr[-2000:]
    assert "ERROR: checklist mark names step1-indexs, not in contract/checklist.toml" in result.stderr


def test_item_selects_exactly_the_tests_of_one_item(tmp_path):
    """--item step1-indexes runs the tests that name it and deselects the rest; an unknown id is a usage error."""
    result = run_suite("--item", "step1-indexes", "--collect-only", timeout=120)
    chosen = [line for line in result.stdout.splitlines() if "::" in line]
    assert sorted(chosen) == [
        "tests/test_structure.py::test_count_matches_checklist[indexes-conversations]",
        "tests/test_structure.py::test_indexes_by_name[conversations]",
    ], result.stdout[-2000:]
    wrong = run_suite("--item", "step9-indexes", f"--report-dir={tmp_path}")
    assert wrong.returncode == 4
    assert "ERROR: --item step9-indexes: no such checklist item" in wrong.stderr
