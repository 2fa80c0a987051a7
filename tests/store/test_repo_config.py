"""`cop.yaml` through its copy in `.cop/config.json` (cop/store/records/repo_config.py): used only for the
bytes it was made from, so an edit, a damaged copy or a value JSON would not keep reads the file again."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest

from cop.domain.errors import ParseError
from cop.store import Repo


def _opened(root: Path) -> Repo:
    (root / ".cop").mkdir(exist_ok=True)  # the index makes it; the copy never does
    return Repo.open(root)


def test_an_edited_cop_yaml_is_read_again(repo_path: Path) -> None:
    assert _opened(repo_path).info.name == "Test knowledge"
    assert (repo_path / ".cop" / "config.json").is_file()
    assert Repo.open(repo_path).info.name == "Test knowledge"  # from the copy
    (repo_path / "cop.yaml").write_text("format: 1\nname: Renamed\nowner: ada\n")
    repo = Repo.open(repo_path)
    assert (repo.info.name, repo.info.extra) == ("Renamed", (("owner", "ada"),))
    assert Repo.open(repo_path).info.name == "Renamed"


def test_a_damaged_or_forged_copy_is_not_used(repo_path: Path) -> None:
    _opened(repo_path)
    copy = repo_path / ".cop" / "config.json"
    copy.write_text("{not json")
    assert Repo.open(repo_path).info.name == "Test knowledge"
    text = copy.read_text()
    copy.write_text(text.replace("Test knowledge", "Forged").replace('"digest": "', '"digest": "0'))
    assert Repo.open(repo_path).info.name == "Test knowledge"


def test_values_json_would_change_are_parsed_each_time(repo_path: Path) -> None:
    (repo_path / "cop.yaml").write_text("format: 1\nname: yes\nsince: 2024-01-02\n")
    repo = _opened(repo_path)
    assert repo.info.name == "True" and repo.info.extra == (("since", datetime.date(2024, 1, 2)),)
    assert not (repo_path / ".cop" / "config.json").exists()
    assert Repo.open(repo_path).info.extra == (("since", datetime.date(2024, 1, 2)),)


def test_a_broken_cop_yaml_is_refused_though_a_copy_exists(repo_path: Path) -> None:
    _opened(repo_path)
    (repo_path / "cop.yaml").write_text("format: [1\n")
    with pytest.raises(ParseError, match="cop.yaml"):
        Repo.open(repo_path)
