"""Errors are translatable by construction: an English template and its fields, said in the language in force."""

from __future__ import annotations

import pickle

from lipcare import i18n
from lipcare.errors import LipcareError, Message, UsageError
from lipcare.text import reset_language


def test_an_error_is_english_in_str_and_its_template_is_translated_when_shown() -> None:
    error = LipcareError("{path} is a folder; give a file name.", path="/tmp")
    assert str(error) == error.shown() == "/tmp is a folder; give a file name."
    i18n.activate("ar")
    try:
        assert error.shown() == "/tmp مجلد؛ أعطِ اسم ملف."
        assert str(error) == "/tmp is a folder; give a file name."  # logs and tests keep the English
    finally:
        reset_language()


def test_fields_are_said_in_the_language_numbers_in_its_digits_and_sentences_translated() -> None:
    error = UsageError(
        "Invalid value for 'VALUE': give between 1 and {most} characters.",
        most=200,
    )
    nested = LipcareError(
        "{path} is {kind}, not a regular file, so lipcare will not write to it; nothing was written. "
        "To write to standard output, use -o -.",
        path="fifo",
        kind=Message("a named pipe (FIFO)"),
    )
    assert "between 1 and 200 characters" in str(error)
    assert str(nested).startswith("fifo is a named pipe (FIFO), not a regular file")
    i18n.activate("ar")
    try:
        assert "٢٠٠" in error.shown() and "200" not in error.shown()
        assert nested.shown().startswith("fifo أنبوب مسمّى (FIFO) وليس ملفًا عاديًا")
    finally:
        reset_language()


def test_an_error_without_fields_keeps_braces_and_survives_pickling() -> None:
    error = UsageError("{not a field} as typed")
    assert str(error) == error.shown() == "{not a field} as typed"
    again = pickle.loads(pickle.dumps(UsageError("cannot write {path}: {error}.", path="x", error="full")))
    assert isinstance(again, UsageError) and str(again) == "cannot write x: full."
    assert again.exit_code == 2
