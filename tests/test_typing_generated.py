"""The generated declarations (livectl.model._props) are current with the endpoint table."""

from __future__ import annotations

from livectl.model import _typegen
from livectl.model._base import LiveObject, ReadOnlyProp
from livectl.protocol import ALL_ENDPOINTS


def test_props_module_is_what_the_generator_makes_now() -> None:
    committed = _typegen.PROPS_PATH.read_text(encoding="utf-8")
    assert committed == _typegen.props_source(), (
        "src/livectl/model/_props.py is stale: run python -m livectl.model._typegen")
    assert _typegen.main(["--check"]) == 0


def _model_classes() -> list[type[LiveObject]]:
    import livectl.model as m

    return [c for c in vars(m).values()
            if isinstance(c, type) and issubclass(c, LiveObject) and c.DOMAIN]


def test_every_table_property_is_declared_with_its_type_and_writability() -> None:
    by_domain = {c.DOMAIN: c for c in _model_classes()}
    checked = 0
    for ep in ALL_ENDPOINTS:
        cls = by_domain.get(ep.domain)
        if cls is None or not _typegen._plain(ep) or ep.name in _typegen._BASE_NAMES:
            continue
        prop = getattr(cls, ep.name)
        if not isinstance(prop, ReadOnlyProp):
            continue  # a method or property written by hand (e.g. Clip.notes)
        declared = [c for c in cls.__mro__ if ep.name in vars(c).get("__annotations__", {})]
        assert declared, f"{cls.__name__}.{ep.name} has no static declaration"
        annotation = vars(declared[0])["__annotations__"][ep.name]
        kind = "Prop[" if ep.writable else "ReadOnlyProp["
        assert annotation.startswith(kind), (cls.__name__, ep.name, annotation)
        checked += 1
    assert checked > 100


def test_async_facades_are_what_the_generator_makes_now() -> None:
    committed = _typegen.ASYNC_PATH.read_text(encoding="utf-8")
    assert committed == _typegen.async_source(), (
        "src/livectl/model/_async.py is stale: run python -m livectl.model._typegen")


def test_every_public_model_member_has_its_asyncio_facade() -> None:
    from livectl.model import _async

    for cls in _model_classes():
        facade = getattr(_async, "Async" + cls.__name__)
        for name in dir(cls):
            if name.startswith("_") or name.isupper():
                continue  # private, or a class constant such as DOMAIN
            assert hasattr(facade, name), f"Async{cls.__name__} lacks {name}"
