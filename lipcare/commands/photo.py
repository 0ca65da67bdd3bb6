"""`lipcare photo add|list|remove`: photos of the lips, kept with the check-ins."""

from typing import Annotated

import typer

from lipcare import clock
from lipcare.cli import COMMANDS, app
from lipcare.commands import common
from lipcare.dates import describe
from lipcare.text import _, iso, num

photo_app = typer.Typer(help=COMMANDS["photo"], no_args_is_help=True, add_completion=False)
app.add_typer(photo_app, name="photo")


@photo_app.command("add")
def photo_add(
    file: Annotated[
        str, typer.Argument(metavar="FILE", help="The photo: JPEG, PNG, WebP or HEIC.", show_default=False)
    ],
    on: Annotated[
        str | None,
        typer.Option(metavar="DATE", help="The day of the check-in to add it to (default: today).", show_default=False),
    ] = None,
    as_json: common.JsonFlag = False,
) -> None:
    """Add a photo of your lips to a day's check-in, as a new copy without location or camera details."""
    from lipcare.photos import add_to_day

    today = clock.today()
    asked = common.read_date(on, "--on", today) if on is not None else today
    (photo,) = common.prepare_photos([file])
    journal = common.existing_journal()
    with journal:
        common.remove_photo_orphans(journal)
        current = common.current_treatment(journal)
        kept, new = add_to_day(journal, current.id, asked.isoformat(), photo)
    if as_json:
        common.echo_json("photo", {"on": asked.isoformat(), "added": new, **common.photos_json([kept], journal)})
        return
    from lipcare.render import terminal

    for line in common.understood("--on", on, asked) if on else []:
        common.echo(line)
    if new:
        terminal.print_photos_kept([kept])
    else:
        common.echo(
            _("This photo is already kept with your check-in of {date}; nothing was added.").format(
                date=describe(asked)
            )
        )


@photo_app.command("list")
def photo_list(
    show_all: Annotated[
        bool, typer.Option("--all", help="Photos of every treatment, not only the current one.")
    ] = False,
    as_json: common.JsonFlag = False,
) -> None:
    """The photos kept with your check-ins: day, size, id and file."""
    from lipcare.photos import photos_dir

    journal = common.existing_journal()
    with journal:
        current = None if show_all else common.current_treatment(journal)
        pictures = journal.photos(current)
        folder = photos_dir(journal)
    if as_json:
        common.echo_json("photos", common.photos_json(pictures, journal))
        return
    from lipcare.render import terminal

    terminal.print_photo_list(pictures, folder)


@photo_app.command("remove")
def photo_remove(
    photo_id: Annotated[
        str,
        typer.Argument(
            metavar="PHOTO",
            help="The photo's id (its first characters are enough), from 'lipcare photo list'.",
            show_default=False,
        ),
    ],
) -> None:
    """Delete a photo you kept by mistake: its file and its place in your journal."""
    from lipcare.photos import remove

    journal = common.existing_journal()
    with journal:
        removed = remove(journal, photo_id)
    days = _(", ").join(sorted({_("{date} (day {day})").format(date=iso(row.on), day=num(row.day)) for row in removed}))
    common.echo(_("Deleted the photo {photo} of {days}.").format(photo=removed[0].sha256[:12], days=days))
