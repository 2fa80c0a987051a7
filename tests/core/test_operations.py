"""`cop.core.operations`: the static table of operations classes against the classes themselves, and a
`Cop` that takes each class on as its names are used, resolving every name as the whole composition does."""

from __future__ import annotations

import importlib
import inspect
import pkgutil

import cop.core
from cop.core import Cop
from cop.core.operations import GROUPS, PROVIDER, composed, group_class
from cop.core.session import Session


def _operations_classes() -> set[type]:
    """Every Session subclass that a module of cop.core defines (an operations class)."""
    found: set[type] = set()
    for info in pkgutil.walk_packages(cop.core.__path__, "cop.core."):
        module = importlib.import_module(info.name)
        for value in vars(module).values():
            if (
                inspect.isclass(value)
                and issubclass(value, Session)
                and value.__module__ == info.name
                and value.__module__ not in ("cop.core.api", "cop.core.operations", "cop.core.session")
            ):
                found.add(value)
    return found


def _own_names(cls: type) -> tuple[str, ...]:
    return tuple(sorted(n for n in vars(cls) if not n.startswith("__")))


def test_the_table_lists_every_operations_class_and_the_names_each_defines() -> None:
    listed = [group_class(at) for at in range(len(GROUPS))]
    assert set(listed) == _operations_classes(), "an operations class is missing from GROUPS (or gone)"
    for (module, name, names), cls in zip(GROUPS, listed, strict=True):
        assert (cls.__module__, cls.__name__) == (module, name)
        assert tuple(names.split()) == _own_names(cls), f"GROUPS: {name} defines {' '.join(_own_names(cls))}"
    assert len(PROVIDER) == sum(len(names.split()) for _, _, names in GROUPS), "two classes define one name"
    assert not set(PROVIDER) & set(vars(Session)), "a class redefines a Session name"


def test_the_table_is_in_the_order_of_the_whole_composition() -> None:
    classes = [group_class(at) for at in range(len(GROUPS))]
    whole = type("Whole", tuple(classes), {})
    assert [c for c in whole.__mro__ if c not in (whole, Session, object)] == classes


def test_a_core_takes_on_each_class_as_its_names_are_used(cop: Cop) -> None:
    assert "cop.core.sharing.sync" in GROUPS[PROVIDER["sync"]][0]
    fresh = Cop(cop.repo, acting="ada")
    try:
        assert not any(issubclass(type(fresh), group_class(at)) for at in range(len(GROUPS)))
        assert fresh.entries() == []  # EntryOps (and the TemplateOps it builds on), nothing else
        used = {c.__name__ for c in type(fresh).__mro__}
        assert {"EntryOps", "TemplateOps", "Cop"} <= used and "CommunityOps" not in used
        assert [m.handle for m in fresh.members()] == ["ada", "bob"]
        assert isinstance(fresh, Cop) and fresh.whoami() is not None
        for name, at in PROVIDER.items():  # every name, as the class that defines it has it
            getattr(fresh, name)
            assert inspect.getattr_static(fresh, name) is vars(group_class(at))[name], name
    finally:
        fresh.close()


def test_the_order_names_are_first_used_in_does_not_matter() -> None:
    ab = composed(
        composed(Cop, group_class(PROVIDER["mentor_matches"])), group_class(PROVIDER["mentorships"])
    )
    ba = composed(
        composed(Cop, group_class(PROVIDER["mentorships"])), group_class(PROVIDER["mentor_matches"])
    )
    assert ab is ba and ab.__mro__.index(group_class(PROVIDER["mentor_matches"])) < ab.__mro__.index(
        group_class(PROVIDER["mentorships"])
    )


def test_an_unknown_name_is_an_attribute_error(cop: Cop) -> None:
    import pytest

    with pytest.raises(AttributeError, match="no_such_operation"):
        cop.no_such_operation  # noqa: B018
