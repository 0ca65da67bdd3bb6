"""How right-to-left lines reach the terminal: in logical order (the terminal reorders them), or reshaped and
reordered by lipcare (`--rtl visual`, lipcare.render.rtl, with the optional extra lipcare[rtl])."""

from __future__ import annotations

from collections.abc import Mapping


def terminal_does_bidi(environ: Mapping[str, str]) -> bool:
    """Whether the terminal is one known to reorder right-to-left text itself."""
    return bool(
        environ.get("VTE_VERSION")
        or environ.get("KONSOLE_VERSION")
        or environ.get("TERM", "").startswith("mlterm")
        or environ.get("TERM_PROGRAM") == "Apple_Terminal"
    )


def wants_visual(mode: str, environ: Mapping[str, str], is_terminal: bool) -> bool:
    """Whether right-to-left lines are reshaped and reordered for the terminal (lipcare.render.rtl)."""
    if mode == "visual":
        return True
    if mode == "auto":
        return is_terminal and not terminal_does_bidi(environ)
    return False


def require_visual_extras() -> None:
    """A clear error when the optional libraries --rtl visual needs (lipcare[rtl]) are not installed."""
    from lipcare.errors import LipcareError

    try:
        import arabic_reshaper  # type: ignore[import-untyped]  # noqa: F401
        import bidi.algorithm  # type: ignore[import-untyped]  # noqa: F401
    except ImportError:
        from lipcare.install import extra_command

        raise LipcareError(
            "--rtl visual needs the optional libraries python-bidi and arabic-reshaper: "
            "{command}. Without them, use a terminal with bidi support and --rtl logical.",
            command=extra_command("rtl"),
        ) from None
